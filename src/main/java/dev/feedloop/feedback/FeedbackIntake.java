package dev.feedloop.feedback;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.ingest.SubmittedItems;
import dev.feedloop.ingest.SubmittedItems.NewCandidate;
import dev.feedloop.ingest.SubmittedItems.NewItem;
import dev.feedloop.problems.Refusal;
import dev.feedloop.problems.Refusal.FieldError;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.workqueue.WriteSlots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes feedback posted from production, one at a time or as JSON Lines. Each feedback is stored
 * once per {@code traceId} (the unique key answers a repeat, or a concurrent second post, with the
 * stored one). A failure, or any feedback with {@code task=always} or the project's option, also
 * becomes a fix task in the same transaction: an item {@code fb-<traceId>} whose conversation is
 * the one before the reply, the reply as its candidate {@code bad-reply} (marked {@code
 * badReply}), and a write slot. A batch line is all or nothing: a line that fails leaves nothing.
 */
@Service
public class FeedbackIntake {

    /** The candidate external id of the reply a fix task is about. */
    public static final String BAD_REPLY = "bad-reply";
    /** Items of fix tasks are named {@code fb-<traceId>}. */
    public static final String ITEM_PREFIX = "fb-";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Projects projects;
    private final SubmittedItems items;
    private final WriteSlots slots;
    private final IntakeRateLimits limits;
    private final FeedbackProperties properties;
    private final FeedbackSettings settings;
    private final TransactionTemplate transaction;
    private final FeedbackReader reader;

    FeedbackIntake(
            JdbcClient jdbc,
            JsonMapper json,
            Projects projects,
            SubmittedItems items,
            WriteSlots slots,
            IntakeRateLimits limits,
            FeedbackProperties properties,
            FeedbackSettings settings,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.projects = projects;
        this.items = items;
        this.slots = slots;
        this.limits = limits;
        this.properties = properties;
        this.settings = settings;
        this.transaction = new TransactionTemplate(transactions);
        this.reader = new FeedbackReader(json, properties.maxMessages());
    }

    /** How a feedback becomes a fix task: {@code auto} (failures only, or as the project says) or {@code always}. */
    public enum TaskOption {
        AUTO,
        ALWAYS;

        public static TaskOption parse(String value) {
            if (value == null || value.isBlank() || value.equalsIgnoreCase("auto")) {
                return AUTO;
            }
            if (value.equalsIgnoreCase("always")) {
                return ALWAYS;
            }
            throw FeedbackRefusals.invalidParameter("task", "must be auto or always");
        }
    }

    /**
     * One feedback, the JSON object {@code body}. The caller is the project's {@link IntakeToken}
     * or an administrator ({@link AccountPrincipal}); anyone else is refused with 403.
     */
    public IntakeResult receive(String slug, Object caller, InputStream body, TaskOption task) {
        ProjectSettings project = requireCaller(slug, caller);
        byte[] bytes = bounded(body, properties.maxBodySize().toBytes());
        FeedbackReader.Read read = read(bytes, 0, bytes.length);
        if (!read.errors().isEmpty()) {
            throw FeedbackRefusals.invalid(read.errors());
        }
        limits.take(rateKey(caller), 1);
        FeedbackSettings.Options options = settings.of(project.id());
        return transaction.execute(status -> store(project.id(), tokenId(caller), read.entry(), task, options));
    }

    /**
     * A JSON Lines batch: one feedback per line (empty lines are skipped), each stored or refused on
     * its own. The lines are read and checked first, then the good ones are written in one
     * transaction. When the database refuses one of them (rare: the lines were checked), that
     * transaction is rolled back whole and the lines are written again one transaction each, so the
     * refused line leaves nothing and the others are kept. The whole batch counts against the rate
     * limit before anything is stored.
     */
    public BatchResult receiveBatch(String slug, Object caller, InputStream body, TaskOption task) {
        ProjectSettings project = requireCaller(slug, caller);
        byte[] bytes = bounded(body, properties.maxBatchSize().toBytes());
        List<int[]> lines = lines(bytes);
        if (lines.size() > properties.maxBatchLines()) {
            throw FeedbackRefusals.tooManyLines(properties.maxBatchLines());
        }
        List<ReadLine> read = new ArrayList<>();
        for (int[] line : lines) {
            if (line[2] > line[1]) {
                read.add(new ReadLine(line[0], read(bytes, line[1], line[2] - line[1])));
            }
        }
        limits.take(rateKey(caller), read.size());
        Batch batch = new Batch(project.id(), tokenId(caller), task, settings.of(project.id()));
        try {
            return transaction.execute(status -> write(batch, read, false));
        } catch (DataAccessException | Refusal | TransactionException e) {
            return write(batch, read, true);
        }
    }

    private record ReadLine(int number, FeedbackReader.Read read) {}

    private record Batch(long projectId, Long tokenId, TaskOption task, FeedbackSettings.Options options) {}

    /**
     * Writes the batch's good lines in the caller's transaction, or with {@code lineByLine} each in a
     * transaction of its own, where a line the database refuses becomes an error.
     */
    private BatchResult write(Batch batch, List<ReadLine> lines, boolean lineByLine) {
        List<BatchResult.Line> results = new ArrayList<>();
        int accepted = 0;
        int duplicates = 0;
        int errors = 0;
        for (ReadLine line : lines) {
            FeedbackEntry entry = line.read().entry();
            if (entry == null) {
                results.add(
                        BatchResult.Line.error(line.number(), null, line.read().errors()));
                errors++;
                continue;
            }
            IntakeResult result;
            try {
                result = lineByLine
                        ? transaction.execute(status ->
                                store(batch.projectId(), batch.tokenId(), entry, batch.task(), batch.options()))
                        : store(batch.projectId(), batch.tokenId(), entry, batch.task(), batch.options());
            } catch (DataAccessException | Refusal | TransactionException e) {
                if (!lineByLine) {
                    throw e;
                }
                results.add(BatchResult.Line.error(
                        line.number(),
                        entry.traceId(),
                        List.of(new FieldError("", "could not be stored; send it again"))));
                errors++;
                continue;
            }
            results.add(BatchResult.Line.of(line.number(), result));
            if (result.status().equals(IntakeResult.ACCEPTED)) {
                accepted++;
            } else {
                duplicates++;
            }
        }
        return new BatchResult(accepted, duplicates, errors, results);
    }

    private IntakeResult store(
            long projectId, Long tokenId, FeedbackEntry entry, TaskOption task, FeedbackSettings.Options options) {
        boolean failure = entry.failure(options.upThreshold());
        Optional<Long> inserted = jdbc.sql("""
                        INSERT INTO feedback (project_id, trace_id, model, messages, thumb, score, failure, comment,
                                              tags, metadata, token_id)
                        VALUES (:project, :traceId, :model, :messages::jsonb, :thumb, :score, :failure, :comment,
                                :tags::jsonb, :metadata::jsonb, :token)
                        ON CONFLICT (project_id, trace_id) DO NOTHING
                        RETURNING id
                        """)
                .param("project", projectId)
                .param("traceId", entry.traceId())
                .param("model", entry.model())
                .param("messages", json.writeValueAsString(entry.messages()))
                .param("thumb", entry.thumb())
                .param("score", entry.score())
                .param("failure", failure)
                .param("comment", entry.comment())
                .param("tags", json.writeValueAsString(entry.tags()))
                .param("metadata", json.writeValueAsString(entry.metadata()))
                .param("token", tokenId)
                .query(Long.class)
                .optional();
        if (inserted.isEmpty()) {
            return stored(projectId, entry.traceId());
        }
        long id = inserted.get();
        if (!failure && task != TaskOption.ALWAYS && !options.taskAlways()) {
            return new IntakeResult(IntakeResult.ACCEPTED, id, entry.traceId(), false, null);
        }
        String externalId = ITEM_PREFIX + entry.traceId();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("source", "feedback");
        metadata.put("traceId", entry.traceId());
        metadata.put("model", entry.model());
        metadata.put("rating", entry.rating());
        metadata.put("tags", entry.tags());
        Map<String, Object> candidateMetadata = new LinkedHashMap<>();
        candidateMetadata.put("badReply", true);
        candidateMetadata.put("traceId", entry.traceId());
        SubmittedItems.Added item = items.add(
                projectId,
                new NewItem(
                        externalId,
                        entry.prompt(),
                        metadata,
                        List.of(new NewCandidate(BAD_REPLY, entry.model(), entry.reply(), candidateMetadata))));
        slots.ensureOne(item.itemId());
        jdbc.sql("UPDATE feedback SET item_id = ? WHERE id = ?")
                .params(item.itemId(), id)
                .update();
        return new IntakeResult(IntakeResult.ACCEPTED, id, entry.traceId(), true, externalId);
    }

    private IntakeResult stored(long projectId, String traceId) {
        return jdbc.sql("""
                        SELECT f.id, f.trace_id, i.external_id
                        FROM feedback f LEFT JOIN item i ON i.id = f.item_id
                        WHERE f.project_id = ? AND f.trace_id = ?
                        """)
                .params(projectId, traceId)
                .query((rs, n) -> new IntakeResult(
                        IntakeResult.DUPLICATE,
                        rs.getLong("id"),
                        rs.getString("trace_id"),
                        rs.getString("external_id") != null,
                        rs.getString("external_id")))
                .single();
    }

    private ProjectSettings requireCaller(String slug, Object caller) {
        ProjectSettings project;
        if (caller instanceof IntakeToken token) {
            if (!token.projectSlug().equals(slug)) {
                throw FeedbackRefusals.otherProject();
            }
            project = projects.get(token.projectId());
        } else if (caller instanceof AccountPrincipal me) {
            project = projects.requireVisible(slug, me);
            if (!me.admin()) {
                throw FeedbackRefusals.adminOnly();
            }
        } else {
            throw FeedbackRefusals.adminOnly();
        }
        return project;
    }

    private static Long tokenId(Object caller) {
        return caller instanceof IntakeToken token ? token.tokenId() : null;
    }

    private static String rateKey(Object caller) {
        return caller instanceof IntakeToken token
                ? "token:" + token.prefix()
                : "user:" + ((AccountPrincipal) caller).id();
    }

    private FeedbackReader.Read read(byte[] bytes, int offset, int length) {
        JsonNode node;
        try {
            node = json.readTree(new String(bytes, offset, length, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            return new FeedbackReader.Read(null, List.of(new FieldError("", "not valid JSON")));
        }
        return reader.read(node);
    }

    /** The body, refused with 413 when longer than {@code limit} bytes. */
    private static byte[] bounded(InputStream body, long limit) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            for (int n; (n = body.read(buffer)) > 0; ) {
                total += n;
                if (total > limit) {
                    throw FeedbackRefusals.tooLarge(limit);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each line as {number from 1, start, end without the line break}. */
    private static List<int[]> lines(byte[] bytes) {
        List<int[]> lines = new ArrayList<>();
        int start = 0;
        int number = 1;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = i;
                if (end > start && bytes[end - 1] == '\r') {
                    end--;
                }
                int first = start;
                while (first < end && (bytes[first] == ' ' || bytes[first] == '\t')) {
                    first++;
                }
                if (i < bytes.length || end > start) {
                    lines.add(new int[] {number, first, end});
                }
                number++;
                start = i + 1;
            }
        }
        return lines;
    }
}
