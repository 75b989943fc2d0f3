package dev.feedloop.labeling;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.generation.AssistSettings;
import dev.feedloop.generation.ChatTurn;
import dev.feedloop.generation.EndpointChoice;
import dev.feedloop.generation.ModelAnswer;
import dev.feedloop.generation.ModelCalls;
import dev.feedloop.generation.WriterAssist;
import dev.feedloop.ingest.ItemView;
import dev.feedloop.ingest.Items;
import dev.feedloop.ingest.Message;
import dev.feedloop.problems.Refusal;
import dev.feedloop.projects.GuidelineView;
import dev.feedloop.projects.LineBreaks;
import dev.feedloop.projects.Projects;
import dev.feedloop.workqueue.HeldLease;
import dev.feedloop.workqueue.TaskKind;
import dev.feedloop.workqueue.WorkQueue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SignalType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Models helping the person who writes: "Draft with model" streams a fresh draft of the answer,
 * "Check my answer" asks for a short list of concrete problems in the text. Only the person who
 * holds (or held, and has not yet submitted) the write task's lease may ask, and only for endpoints
 * the project lets its writers use ({@link AssistSettings}). The checks run in short transactions
 * of their own and no transaction is open while the model writes. What the model wrote is stored
 * under the lease; the submit links the newest draft (when the writer did not start from a
 * candidate after it) and the newest critique to the demonstration.
 */
@Service
public class WritingHelp {

    /** Longest text sent to be checked, in characters (the longest answer accepted). */
    static final int MAX_CHECKED = DemonstrationRecorder.MAX_CONTENT;

    static final String DRAFT_INSTRUCTIONS = """
            You write the ideal answer of the assistant to the last user message of the conversation \
            that follows, for a dataset of model answers written by people. Follow the project's \
            guidelines. Write only the answer, in markdown, in the language of the conversation.""";

    static final String CRITIQUE_FORMAT = """
            Reply with JSON only, no other text, in exactly this form:
            {"problems": [{"kind": "factual", "text": "..."}]}
            where kind is one of factual, missing, guideline, format.""";

    private final WorkQueue queue;
    private final Items items;
    private final Projects projects;
    private final AssistSettings settings;
    private final ModelCalls calls;
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    WritingHelp(
            WorkQueue queue,
            Items items,
            Projects projects,
            AssistSettings settings,
            ModelCalls calls,
            JdbcClient jdbc) {
        this.queue = queue;
        this.items = items;
        this.projects = projects;
        this.settings = settings;
        this.calls = calls;
        this.jdbc = jdbc;
    }

    /** The endpoints the write page offers in a project (none: the page shows no model help). */
    public List<EndpointChoice> endpoints(long projectId) {
        return settings.forWriters(projectId).endpoints();
    }

    /** What models did so far under a lease (the write page after a reload). */
    public ModelHelp ofLease(long taskId, UUID leaseToken) {
        return new ModelHelp(
                newest(taskId, leaseToken, "draft").map(WritingHelp::draftOf),
                newest(taskId, leaseToken, "critique").map(this::critiqueOf));
    }

    /** The model draft a demonstration started from and the critique stored with it. */
    public ModelHelp ofDemonstration(long demonstrationId) {
        return new ModelHelp(
                linked(demonstrationId, "model_draft_id").map(WritingHelp::draftOf),
                linked(demonstrationId, "critique_id").map(this::critiqueOf));
    }

    /**
     * A fresh draft of the answer, in pieces as the model writes it; nothing is sent before the
     * Flux is subscribed. When it ends (finished, stopped by cancelling, or failed after some
     * text), the text streamed so far is stored as the lease's newest model draft.
     */
    public Flux<String> draft(String slug, long taskId, AccountPrincipal me, UUID leaseToken, long endpointId) {
        Asked asked = ask(slug, taskId, me, leaseToken, endpointId);
        List<ChatTurn> turns = new ArrayList<>();
        turns.add(ChatTurn.system(DRAFT_INSTRUCTIONS + guidelines(asked.guidelines())));
        for (Message message : asked.item().messages()) {
            turns.add(new ChatTurn(message.role(), message.content()));
        }
        StringBuilder written = new StringBuilder();
        AtomicBoolean stored = new AtomicBoolean();
        return calls.stream(endpointId, turns).doOnNext(written::append).doFinally(signal -> {
            if (written.length() > 0 && stored.compareAndSet(false, true)) {
                store(
                        asked,
                        me,
                        leaseToken,
                        "draft",
                        LineBreaks.normalize(written.toString()),
                        null,
                        signal != SignalType.ON_COMPLETE,
                        null,
                        asked.endpoint().model());
            }
        });
    }

    /**
     * Asks the model to check {@code text} against the guidelines and the conversation, stores the
     * critique as the lease's newest and returns it.
     */
    public Critique check(
            String slug, long taskId, AccountPrincipal me, UUID leaseToken, long endpointId, String text) {
        String checked = text == null ? "" : LineBreaks.normalize(text);
        if (checked.isBlank()) {
            throw Refusal.of(HttpStatus.BAD_REQUEST, "labeling.help.nothingToCheck");
        }
        if (checked.length() > MAX_CHECKED) {
            throw Refusal.of(HttpStatus.BAD_REQUEST, "labeling.help.tooLong", MAX_CHECKED);
        }
        Asked asked = ask(slug, taskId, me, leaseToken, endpointId);
        StringBuilder question = new StringBuilder();
        if (asked.guidelines().version() > 0 && !asked.guidelines().content().isBlank()) {
            question.append("# Guidelines\n\n")
                    .append(asked.guidelines().content())
                    .append("\n\n");
        }
        question.append("# Conversation\n\n");
        for (Message message : asked.item().messages()) {
            question.append("## ")
                    .append(message.role())
                    .append("\n\n")
                    .append(message.content())
                    .append("\n\n");
        }
        question.append("# The answer to check\n\n").append(checked);
        ModelAnswer answer = calls.complete(
                endpointId,
                List.of(
                        ChatTurn.system(asked.assist().critiquePrompt().strip() + "\n\n" + CRITIQUE_FORMAT),
                        ChatTurn.user(question.toString())));
        List<Critique.Problem> problems = CritiqueReader.problems(answer.text());
        long id = store(asked, me, leaseToken, "critique", answer.text(), problems, false, checked, answer.model());
        return critiqueOf(id);
    }

    private record Asked(
            HeldLease task, ItemView item, GuidelineView guidelines, WriterAssist assist, EndpointChoice endpoint) {}

    /** The checks of a request for help: the writer's lease on a write task, and the endpoint. */
    private Asked ask(String slug, long taskId, AccountPrincipal me, UUID leaseToken, long endpointId) {
        HeldLease task = queue.requireLeaseHolder(taskId, me, leaseToken);
        if (task.kind() != TaskKind.WRITE
                || projects.find(slug).filter(p -> p.id() == task.projectId()).isEmpty()) {
            throw Refusal.of(HttpStatus.NOT_FOUND, "error.404.text");
        }
        WriterAssist assist = settings.forWriters(task.projectId());
        EndpointChoice endpoint = assist.endpoints().stream()
                .filter(e -> e.id() == endpointId)
                .findFirst()
                .orElseThrow(() -> Refusal.of(HttpStatus.FORBIDDEN, "labeling.help.endpointNotAllowed"));
        return new Asked(
                task, items.get(task.itemId()), projects.currentGuidelines(task.projectId()), assist, endpoint);
    }

    private static String guidelines(GuidelineView guidelines) {
        return guidelines.version() == 0 || guidelines.content().isBlank()
                ? ""
                : "\n\n# Guidelines\n\n" + guidelines.content();
    }

    private long store(
            Asked asked,
            AccountPrincipal me,
            UUID leaseToken,
            String kind,
            String content,
            List<Critique.Problem> problems,
            boolean stopped,
            String checkedText,
            String model) {
        return jdbc.sql("""
                        INSERT INTO write_assist (task_id, user_id, lease_token, kind, endpoint_id, endpoint_name, model,
                            content, problems, stopped, checked_text)
                        VALUES (:task, :user, :token, :kind, :endpoint, :endpointName, :model, :content,
                            CAST(:problems AS jsonb), :stopped, :checked)
                        RETURNING id
                        """)
                .param("task", asked.task().taskId())
                .param("user", me.id())
                .param("token", leaseToken)
                .param("kind", kind)
                .param("endpoint", asked.endpoint().id())
                .param("endpointName", asked.endpoint().name())
                .param("model", model)
                .param("content", content)
                .param("problems", problems == null ? null : json.writeValueAsString(problems))
                .param("stopped", stopped)
                .param("checked", checkedText)
                .query(Long.class)
                .single();
    }

    private static final String COLUMNS =
            "a.id, a.kind, a.endpoint_name, a.model, a.content, a.problems::text AS problems, a.stopped,"
                    + " a.checked_text, a.created_at";

    private Optional<Row> newest(long taskId, UUID leaseToken, String kind) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM write_assist a WHERE a.task_id = ? AND a.lease_token = ? AND a.kind = ?
                        ORDER BY a.id DESC LIMIT 1
                        """)
                .params(taskId, leaseToken, kind)
                .query(WritingHelp::row)
                .optional();
    }

    private Optional<Row> linked(long demonstrationId, String column) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM demonstration d JOIN write_assist a ON a.id = d." + column
                        + " WHERE d.id = ?")
                .param(demonstrationId)
                .query(WritingHelp::row)
                .optional();
    }

    private Critique critiqueOf(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM write_assist a WHERE a.id = ?")
                .param(id)
                .query(WritingHelp::row)
                .optional()
                .map(this::critiqueOf)
                .orElseThrow();
    }

    private record Row(
            long id,
            String endpointName,
            String model,
            String content,
            String problems,
            boolean stopped,
            String checkedText,
            OffsetDateTime createdAt) {}

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(
                rs.getLong("id"),
                rs.getString("endpoint_name"),
                rs.getString("model"),
                rs.getString("content"),
                rs.getString("problems"),
                rs.getBoolean("stopped"),
                rs.getString("checked_text"),
                rs.getObject("created_at", OffsetDateTime.class));
    }

    private static ModelDraft draftOf(Row row) {
        return new ModelDraft(
                row.id(),
                row.content(),
                row.endpointName(),
                row.model(),
                row.stopped(),
                row.createdAt().toInstant());
    }

    private Critique critiqueOf(Row row) {
        List<Critique.Problem> problems =
                row.problems() == null ? null : List.of(json.readValue(row.problems(), Critique.Problem[].class));
        return new Critique(
                row.id(),
                problems,
                row.content(),
                row.checkedText() == null ? "" : row.checkedText(),
                row.endpointName(),
                row.model(),
                row.createdAt().toInstant());
    }
}
