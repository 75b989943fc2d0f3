package dev.feedloop.quality;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a project's people did, for the quality page's charts: judgments per day and person, how long
 * tasks took, and how the ratings of each dimension are spread. Read with SQL from the {@code
 * ranking} and {@code demonstration} tables (owned by ranking and labeling) and {@code app_user},
 * read-only, aggregated in the database (docs/architecture.md). Everything counts only what was
 * submitted at or before {@code asOf}, like {@link QualityReports}.
 */
@Service
public class QualityActivity {

    /** Days of the judgments-per-day chart, ending at {@code asOf}'s day (UTC). */
    public static final int DAYS = 30;

    /** Upper bounds in seconds of the time-per-task buckets; the last bucket is everything above. */
    public static final List<Integer> SECONDS_BUCKETS = List.of(10, 30, 60, 120, 300, 600, 1200);

    private final JdbcClient jdbc;
    private final Projects projects;

    QualityActivity(JdbcClient jdbc, Projects projects) {
        this.jdbc = jdbc;
        this.projects = projects;
    }

    /** One person's judgments (rankings and demonstrations) on one day (UTC). */
    public record DailyJudgments(
            LocalDate day, String username, String displayName, long rankings, long demonstrations) {}

    /**
     * Tasks whose active time fell in a bucket: {@code upToSeconds} is the bucket's upper bound, or
     * {@code null} for the last, open bucket.
     */
    public record TimeBucket(Integer upToSeconds, long rankings, long demonstrations) {}

    /** How often a value was given on a rating dimension. */
    public record RatingCount(String dimension, int value, long count) {}

    /** The activity of a project up to an instant. */
    public record Activity(
            Instant asOf,
            LocalDate firstDay,
            List<DailyJudgments> daily,
            List<TimeBucket> times,
            List<RatingCount> ratings) {

        public Activity {
            daily = List.copyOf(daily);
            times = List.copyOf(times);
            ratings = List.copyOf(ratings);
        }
    }

    /** The project's activity up to {@code asOf}; for administrators and the project's reviewers. */
    @Transactional(readOnly = true)
    public Activity of(String slug, AccountPrincipal me, Instant asOf) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        LocalDate lastDay = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
        LocalDate firstDay = lastDay.minusDays(DAYS - 1L);
        Timestamp from = Timestamp.from(firstDay.atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp until = Timestamp.from(asOf);
        List<DailyJudgments> daily = jdbc.sql("""
                        SELECT j.day, u.username, u.display_name,
                               sum(j.rankings) AS rankings, sum(j.demonstrations) AS demonstrations
                        FROM (
                            SELECT (submitted_at AT TIME ZONE 'UTC')::date AS day, annotator_id AS person,
                                   count(*) AS rankings, 0 AS demonstrations
                            FROM ranking
                            WHERE project_id = :project AND submitted_at >= :from AND submitted_at <= :until
                            GROUP BY 1, 2
                            UNION ALL
                            SELECT (submitted_at AT TIME ZONE 'UTC')::date, author_id, 0, count(*)
                            FROM demonstration
                            WHERE project_id = :project AND submitted_at >= :from AND submitted_at <= :until
                            GROUP BY 1, 2
                        ) j JOIN app_user u ON u.id = j.person
                        GROUP BY j.day, u.username, u.display_name
                        ORDER BY j.day, u.username
                        """)
                .param("project", project.id())
                .param("from", from)
                .param("until", until)
                .query((rs, n) -> new DailyJudgments(
                        rs.getObject("day", LocalDate.class),
                        rs.getString("username"),
                        rs.getString("display_name"),
                        rs.getLong("rankings"),
                        rs.getLong("demonstrations")))
                .list();
        Integer[] bounds = SECONDS_BUCKETS.toArray(Integer[]::new);
        long[][] counts = new long[bounds.length + 1][2];
        jdbc.sql("""
                        SELECT b.bucket, b.kind, count(*) AS n FROM (
                            SELECT width_bucket(active_seconds, :bounds::int[]) AS bucket, 0 AS kind
                            FROM ranking
                            WHERE project_id = :project AND submitted_at <= :until AND active_seconds IS NOT NULL
                            UNION ALL
                            SELECT width_bucket(active_seconds, :bounds::int[]), 1
                            FROM demonstration
                            WHERE project_id = :project AND submitted_at <= :until AND active_seconds IS NOT NULL
                        ) b GROUP BY b.bucket, b.kind
                        """)
                .param("project", project.id())
                .param("until", until)
                .param("bounds", lowerBounds(bounds))
                .query(rs -> {
                    counts[rs.getInt("bucket")][rs.getInt("kind")] = rs.getLong("n");
                });
        List<TimeBucket> times = new java.util.ArrayList<>();
        for (int i = 0; i <= bounds.length; i++) {
            times.add(new TimeBucket(i < bounds.length ? bounds[i] : null, counts[i][0], counts[i][1]));
        }
        List<RatingCount> ratings = jdbc.sql("""
                        SELECT d.key AS dimension, d.value::int AS value, count(*) AS n
                        FROM ranking r
                        CROSS JOIN LATERAL jsonb_each(r.ratings) c
                        CROSS JOIN LATERAL jsonb_each_text(c.value) d
                        WHERE r.project_id = :project AND r.submitted_at <= :until
                          AND jsonb_typeof(c.value) = 'object' AND d.value ~ '^-?[0-9]{1,9}$'
                        GROUP BY 1, 2 ORDER BY 1, 2
                        """)
                .param("project", project.id())
                .param("until", until)
                .query((rs, n) -> new RatingCount(rs.getString("dimension"), rs.getInt("value"), rs.getLong("n")))
                .list();
        return new Activity(asOf.truncatedTo(ChronoUnit.MICROS), firstDay, daily, times, ratings);
    }

    /**
     * {@code width_bucket} with lower bounds: bucket 0 holds values below the first bound. A task of
     * exactly {@code b} seconds belongs to the bucket "up to {@code b}", so the lower bounds are one
     * second above the upper bounds: 0, 11, 31, …
     */
    private static Integer[] lowerBounds(Integer[] upperBounds) {
        Integer[] lower = new Integer[upperBounds.length];
        for (int i = 0; i < upperBounds.length; i++) {
            lower[i] = upperBounds[i] + 1;
        }
        return lower;
    }
}
