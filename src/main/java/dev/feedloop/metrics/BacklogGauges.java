package dev.feedloop.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The backlog and background-work gauges of {@code /actuator/prometheus}: open task slots and
 * leases by project and kind, and import batches, snapshot jobs and generation runs by state.
 *
 * <p>Values are read on scrape by one statement (a grouped count over the work queue's claim index,
 * which holds only unfinished slots, and grouped counts over the three small job tables), and the
 * reading is reused for {@link MetricsProperties#gaugeCacheTime()}. Gauges come and go with their
 * rows: a project without unfinished slots has no queue series, a state no job is in has none.
 * A job table this database does not have is left out of the statement.
 */
@Component
class BacklogGauges implements MultiCollector {

    static final String OPEN_TASKS = "feedloop_queue_open_tasks";
    static final String LEASES = "feedloop_queue_leases";
    static final String JOBS = "feedloop_jobs";

    /** Job tables with the column that holds their state, and the name of their job type. */
    private static final List<String[]> JOB_TABLES = List.of(
            new String[] {"import_batch", "status", "import"},
            new String[] {"snapshot_job", "state", "snapshot"},
            new String[] {"generation_run", "status", "generation"});

    private final JdbcClient jdbc;
    private final MetricsProperties properties;
    private @Nullable String statement;
    private @Nullable Reading reading;

    BacklogGauges(JdbcClient jdbc, MetricsProperties properties, ObjectProvider<PrometheusRegistry> registry) {
        this.jdbc = jdbc;
        this.properties = properties;
        registry.ifAvailable(prometheus -> prometheus.register(this));
    }

    private record Row(String source, String project, String label, long open, long held, long expired) {}

    private record Reading(Instant at, MetricSnapshots snapshots) {}

    @Override
    public synchronized MetricSnapshots collect() {
        Instant now = Instant.now();
        if (reading == null || reading.at().plus(properties.gaugeCacheTime()).isBefore(now)) {
            reading = new Reading(now, snapshots(read()));
        }
        return reading.snapshots();
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(OPEN_TASKS, LEASES, JOBS);
    }

    private List<Row> read() {
        return jdbc.sql(statement())
                .query((rs, n) -> new Row(
                        rs.getString("source"),
                        rs.getString("project"),
                        rs.getString("label"),
                        rs.getLong("open"),
                        rs.getLong("held"),
                        rs.getLong("expired")))
                .list();
    }

    /** The statement, made once: with the job tables this database has. */
    private String statement() {
        if (statement == null) {
            StringBuilder sql = new StringBuilder("""
                    SELECT 'queue' AS source, p.slug AS project, t.kind AS label,
                           count(*) FILTER (WHERE t.state = 'OPEN') AS open,
                           count(*) FILTER (WHERE t.state = 'LEASED' AND t.lease_expires_at > now()) AS held,
                           count(*) FILTER (WHERE t.state = 'LEASED' AND t.lease_expires_at <= now()) AS expired
                      FROM task t JOIN project p ON p.id = t.project_id
                     WHERE t.state <> 'DONE' AND t.gold_for IS NULL
                     GROUP BY p.slug, t.kind
                    """);
            for (String[] job : JOB_TABLES) {
                Boolean exists = jdbc.sql("SELECT to_regclass(?) IS NOT NULL")
                        .param(job[0])
                        .query(Boolean.class)
                        .single();
                if (Boolean.TRUE.equals(exists)) {
                    sql.append("UNION ALL SELECT '")
                            .append(job[2])
                            .append("', NULL, ")
                            .append(job[1])
                            .append(", count(*), 0, 0 FROM ")
                            .append(job[0])
                            .append(" GROUP BY ")
                            .append(job[1])
                            .append('\n');
                }
            }
            statement = sql.toString();
        }
        return statement;
    }

    private static MetricSnapshots snapshots(List<Row> rows) {
        var open = GaugeSnapshot.builder()
                .name(OPEN_TASKS)
                .help("Task slots waiting for someone to claim them, by project and kind");
        var leases = GaugeSnapshot.builder()
                .name(LEASES)
                .help("Leased task slots by project and kind: held (lease running) or expired (claimable again)");
        var jobs =
                GaugeSnapshot.builder().name(JOBS).help("Import batches, snapshot jobs and generation runs by state");
        for (Row row : rows) {
            if (row.source().equals("queue")) {
                String kind = row.label().toLowerCase(Locale.ROOT);
                open.dataPoint(point(row.open(), "project", row.project(), "kind", kind));
                leases.dataPoint(point(row.held(), "project", row.project(), "kind", kind, "state", "held"));
                leases.dataPoint(point(row.expired(), "project", row.project(), "kind", kind, "state", "expired"));
            } else {
                jobs.dataPoint(point(
                        row.open(), "type", row.source(), "state", row.label().toLowerCase(Locale.ROOT)));
            }
        }
        return MetricSnapshots.of(open.build(), leases.build(), jobs.build());
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot point(double value, String... labels) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .value(value)
                .labels(Labels.of(labels))
                .build();
    }
}
