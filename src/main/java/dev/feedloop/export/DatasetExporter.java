package dev.feedloop.export;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.audit.AuditAction;
import dev.feedloop.audit.AuditEntry;
import dev.feedloop.audit.AuditLog;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.projects.Rounds;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Live dataset exports, streamed from PostgreSQL straight to the client: {@code COPY (query) TO
 * STDOUT} where the query builds every JSON line, so memory stays flat whatever the size. Exports
 * are for administrators: they contain every annotator's work (under pseudonyms).
 */
@Service
public class DatasetExporter {

    /** PostgreSQL's SQLSTATE of a statement cancelled by its timeout or {@code pg_cancel_backend}. */
    private static final String QUERY_CANCELED = "57014";

    static final Pattern SEED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Projects projects;
    private final Pseudonyms pseudonyms;
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final ExportProperties properties;
    private final TransactionTemplate readOnly;
    private final Rounds rounds;
    private final AuditLog audit;

    DatasetExporter(
            Projects projects,
            Rounds rounds,
            Pseudonyms pseudonyms,
            DataSource dataSource,
            JdbcClient jdbc,
            ExportProperties properties,
            PlatformTransactionManager transactions,
            AuditLog audit) {
        this.audit = audit;
        this.projects = projects;
        this.pseudonyms = pseudonyms;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.properties = properties;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.rounds = rounds;
    }

    /**
     * Checks that {@code me} may export from the project and that the parameters are valid, for a
     * download: the audit log records who downloads which export with which parameters (committed
     * before the first line is streamed).
     */
    public PreparedExport prepare(String slug, AccountPrincipal me, ExportKind kind, ExportParameters parameters) {
        PreparedExport export = check(slug, me, kind, parameters);
        audit.record(AuditEntry.of(AuditAction.EXPORT_DOWNLOADED)
                .by(me.id(), me.getUsername())
                .project(export.project().id())
                .target("export:" + export.fileName())
                .with("kind", kind.key())
                .with("parameters", given(parameters)));
        return export;
    }

    /** The parameters the client gave (blank ones take their defaults), by name. */
    static Map<String, String> given(ExportParameters parameters) {
        Map<String, String> given = new LinkedHashMap<>();
        for (var component : ExportParameters.class.getRecordComponents()) {
            try {
                Object value = component.getAccessor().invoke(parameters);
                if (value instanceof String text && !text.isBlank()) {
                    given.put(component.getName(), text.strip());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return given;
    }

    /** {@link #prepare} without the audit entry: previews and counts download nothing. */
    PreparedExport check(String slug, AccountPrincipal me, ExportKind kind, ExportParameters parameters) {
        ProjectSettings project = requireExporter(slug, me);
        return prepare(project, request(project, kind, parameters));
    }

    PreparedExport prepare(ProjectSettings project, ExportRequest request) {
        return new PreparedExport(project, request, new ExportSql(request, project.id(), pseudonyms.key(project.id())));
    }

    /**
     * Writes the export's lines to {@code out} (gzip-compressed when {@code gzip}); returns the
     * number of lines. Runs one read-only statement on its own connection; no transaction of the
     * caller is used or needed.
     */
    public long stream(PreparedExport export, OutputStream out, boolean gzip) throws IOException {
        return CopyOut.stream(dataSource, export.sql().lines(), out, gzip, properties.gzipLevel());
    }

    /**
     * The first lines of an export, for the export page: a {@code LIMIT}, so it answers at once
     * whatever the export's size; the numbers come from {@link #counts}.
     */
    @Transactional(readOnly = true)
    public ExportPreview preview(String slug, AccountPrincipal me, ExportKind kind, ExportParameters parameters) {
        PreparedExport export = check(slug, me, kind, parameters);
        List<String> lines = jdbc.sql(export.sql().preview(properties.previewLines()))
                .query(String.class)
                .list();
        return new ExportPreview(export.request(), lines);
    }

    /**
     * Lines per split part and the people the annotator policy leaves out, for the export page:
     * counting runs the whole export's query, so it is given {@code feedloop.export.count-timeout}
     * and answers {@link ExportCounts#tooSlow()} past it. A count started by the same person for
     * the same project cancels the one still running (the page asks again when its form changes).
     */
    public ExportCounts counts(String slug, AccountPrincipal me, ExportKind kind, ExportParameters parameters) {
        PreparedExport export = readOnly.execute(status -> check(slug, me, kind, parameters));
        String name = countConnectionName(me.id(), export.project().id());
        try {
            return readOnly.execute(status -> {
                jdbc.sql("SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity"
                                + " WHERE application_name = ? AND pid <> pg_backend_pid()")
                        .param(name)
                        .query(Long.class)
                        .single();
                jdbc.sql("SELECT set_config('application_name', ?, true), set_config('statement_timeout', ?, true)")
                        .params(name, properties.countTimeout().toMillis() + "ms")
                        .query((rs, n) -> rs.getString(1))
                        .single();
                Map<String, Long> rows = new LinkedHashMap<>();
                rows.put("train", 0L);
                rows.put("test", 0L);
                jdbc.sql(export.sql().counts())
                        .query((rs, n) -> Map.entry(rs.getString("split"), rs.getLong("rows")))
                        .list()
                        .forEach(e -> rows.put(e.getKey(), e.getValue()));
                long total = rows.values().stream().mapToLong(Long::longValue).sum();
                List<String> leftOut =
                        jdbc.sql(export.sql().leftOut()).query(String.class).list();
                return new ExportCounts(export.request(), rows, total, leftOut, false);
            });
        } catch (DataAccessException e) {
            if (cancelled(e)) {
                return new ExportCounts(export.request(), Map.of(), 0, List.of(), true);
            }
            throw e;
        }
    }

    /** The name a count's connection carries while it runs (only then: set for its transaction). */
    static String countConnectionName(long userId, long projectId) {
        return "feedloop-export-count-" + userId + "-" + projectId;
    }

    /** Whether PostgreSQL cancelled the statement: its timeout, or a newer count of the same person. */
    private static boolean cancelled(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Whether an {@code Accept-Encoding} header value accepts gzip. */
    public static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] codingAndParams = part.strip().split(";");
            if (codingAndParams[0].strip().equalsIgnoreCase("gzip")) {
                return codingAndParams.length < 2
                        || !codingAndParams[1].replace(" ", "").matches("q=0(\\.0*)?");
            }
        }
        return false;
    }

    /** The project, if {@code me} may export from it (administrators); else 404 or 403. */
    @Transactional(readOnly = true)
    public ProjectSettings project(String slug, AccountPrincipal me) {
        return requireExporter(slug, me);
    }

    ProjectSettings requireExporter(String slug, AccountPrincipal me) {
        ProjectSettings project = projects.requireVisible(slug, me);
        if (!me.admin()) {
            throw ExportRefusals.adminsOnly();
        }
        return project;
    }

    /**
     * {@link #request(ExportKind, ExportParameters)} with the project's round named by {@code round}.
     *
     * @throws dev.feedloop.problems.Refusal 422 naming {@code round} when the project has no such round
     */
    ExportRequest request(ProjectSettings project, ExportKind kind, ExportParameters p) {
        ExportRequest request = request(kind, p);
        return blank(p.round())
                ? request
                : request.withRound(rounds.require(project.id(), p.round().strip()));
    }

    /** Checks and completes client parameters (all but the round); blank values take their defaults. */
    ExportRequest request(ExportKind kind, ExportParameters p) {
        ExportFormat format = blank(p.format())
                ? ExportFormat.of(kind).get(0)
                : ExportFormat.of(kind, p.format().strip())
                        .orElseThrow(() -> ExportRefusals.invalid(
                                "format",
                                kind.key(),
                                p.format(),
                                ExportFormat.of(kind).stream()
                                        .map(ExportFormat::key)
                                        .toList()));
        ReviewFilter review = blank(p.review())
                ? ReviewFilter.APPROVED
                : ReviewFilter.of(p.review().strip()).orElseThrow(() -> ExportRefusals.invalid("review"));
        Aggregation aggregation = blank(p.aggregation())
                ? Aggregation.RAW
                : Aggregation.of(p.aggregation().strip()).orElseThrow(() -> ExportRefusals.invalid("aggregation"));
        SplitSelection split = blank(p.split())
                ? SplitSelection.ALL
                : SplitSelection.of(p.split().strip()).orElseThrow(() -> ExportRefusals.invalid("split"));
        double testRatio = properties.defaultTestRatio();
        if (!blank(p.testRatio())) {
            try {
                testRatio = Double.parseDouble(p.testRatio().strip());
            } catch (NumberFormatException e) {
                testRatio = Double.NaN;
            }
            if (!(testRatio >= 0 && testRatio <= 1)) {
                throw ExportRefusals.invalid("testRatio");
            }
        }
        String seed = blank(p.seed()) ? properties.defaultSeed() : p.seed().strip();
        if (!SEED.matcher(seed).matches()) {
            throw ExportRefusals.invalid("seed");
        }
        boolean includeLate = true;
        if (!blank(p.late())) {
            switch (p.late().strip()) {
                case "include" -> includeLate = true;
                case "exclude" -> includeLate = false;
                default -> throw ExportRefusals.invalid("late");
            }
        }
        int minAnnotators = 1;
        if (!blank(p.minAnnotators())) {
            try {
                minAnnotators = Integer.parseInt(p.minAnnotators().strip());
            } catch (NumberFormatException e) {
                minAnnotators = -1;
            }
            if (minAnnotators < 1 || minAnnotators > 1000) {
                throw ExportRefusals.invalid("minAnnotators");
            }
        }
        AnnotatorPolicy annotators = blank(p.annotators())
                ? AnnotatorPolicy.ALL
                : AnnotatorPolicy.of(p.annotators().strip())
                        .orElseThrow(() -> ExportRefusals.unknownAnnotators(p.annotators()));
        JudgePolicy judges = blank(p.judges())
                ? JudgePolicy.EXCLUDE
                : JudgePolicy.of(p.judges().strip()).orElseThrow(() -> ExportRefusals.unknownJudges(p.judges()));
        boolean omitMargin = choice(p.margin(), "margin", "include", "omit");
        boolean lastTurnWeights = choice(p.weights(), "weights", "none", "last");
        Instant asOf;
        if (blank(p.asOf())) {
            asOf = Instant.now().truncatedTo(ChronoUnit.MICROS);
        } else {
            try {
                asOf = Instant.parse(p.asOf().strip()).truncatedTo(ChronoUnit.MICROS);
            } catch (DateTimeParseException e) {
                throw ExportRefusals.invalid("asOf");
            }
            if (asOf.isBefore(EARLIEST_AS_OF) || asOf.isAfter(LATEST_AS_OF)) {
                throw ExportRefusals.asOfOutOfRange();
            }
        }
        return new ExportRequest(
                format,
                review,
                aggregation,
                split,
                testRatio,
                seed,
                includeLate,
                minAnnotators,
                asOf,
                annotators,
                judges,
                omitMargin,
                lastTurnWeights,
                null);
    }

    /** Whether {@code value} names the second of two choices; blank is the first, anything else answers 400. */
    private static boolean choice(String value, String field, String first, String second) {
        if (blank(value) || value.strip().equals(first)) {
            return false;
        }
        if (value.strip().equals(second)) {
            return true;
        }
        throw ExportRefusals.invalid(field);
    }

    /** The instants {@code asOf} may name: years 1 to 9999, well inside what PostgreSQL stores. */
    private static final Instant EARLIEST_AS_OF = Instant.parse("0001-01-01T00:00:00Z");

    private static final Instant LATEST_AS_OF = Instant.parse("9999-12-31T23:59:59.999999Z");

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
