package dev.feedloop.testsupport;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.ingest.ImportedItem;
import dev.feedloop.ingest.ItemsImported;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Projects, members, items with candidates and their work queue, written with plain SQL the way
 * the import writes them: items and candidates inserted, then {@link ItemsImported} published in
 * the same transaction, so the queue's own listener creates the task slots.
 *
 * <p>Construct it from the application context: {@code new TestQueueData(context)}.
 */
public class TestQueueData {

    private static final AtomicInteger counter = new AtomicInteger();

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final PasswordEncoder passwordEncoder;
    private final ApiTokens tokens;
    private volatile String passwordHash;

    public TestQueueData(ApplicationContext context) {
        this.jdbc = context.getBean(JdbcClient.class);
        this.events = context;
        this.transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        this.passwordEncoder = context.getBean(PasswordEncoder.class);
        this.tokens = context.getBean(ApiTokens.class);
    }

    /** A project created by {@link ProjectBuilder#create()}. */
    public record TestProject(long id, String slug) {}

    /** A person made by {@link #people}: their principal and a personal API token. */
    public record Person(AccountPrincipal principal, String token) {
        public long id() {
            return principal.id();
        }
    }

    public ProjectBuilder project() {
        return new ProjectBuilder();
    }

    /** Settings of a new project; defaults: ACTIVE, 1 demonstration and 3 rankings per item. */
    public final class ProjectBuilder {
        private String slug = "queue-" + counter.incrementAndGet();
        private String status = "ACTIVE";
        private int demonstrations = 1;
        private int rankings = 3;
        private int leaseMinutes = 30;
        private boolean ties = true;
        private boolean hideModels = true;
        private boolean strength = false;
        private String flags = null;
        private String dimensions = null;

        public ProjectBuilder slug(String slug) {
            this.slug = slug;
            return this;
        }

        public ProjectBuilder status(String status) {
            this.status = status;
            return this;
        }

        public ProjectBuilder demonstrations(int perItem) {
            this.demonstrations = perItem;
            return this;
        }

        public ProjectBuilder rankings(int perItem) {
            this.rankings = perItem;
            return this;
        }

        public ProjectBuilder leaseMinutes(int minutes) {
            this.leaseMinutes = minutes;
            return this;
        }

        public ProjectBuilder ties(boolean allowed) {
            this.ties = allowed;
            return this;
        }

        public ProjectBuilder hideModelNames(boolean hide) {
            this.hideModels = hide;
            return this;
        }

        public ProjectBuilder pairwiseStrength(boolean asked) {
            this.strength = asked;
            return this;
        }

        /** JSON array of flag names, e.g. {@code ["hallucination"]}. */
        public ProjectBuilder flags(String jsonArray) {
            this.flags = jsonArray;
            return this;
        }

        /** JSON array of dimensions, e.g. {@code [{"name":"helpfulness","min":1,"max":7}]}. */
        public ProjectBuilder dimensions(String jsonArray) {
            this.dimensions = jsonArray;
            return this;
        }

        public TestProject create() {
            long id = jdbc.sql("""
                            INSERT INTO project (slug, name, status, demonstrations_per_item, rankings_per_item,
                                lease_minutes, ties_allowed, hide_model_names, pairwise_strength)
                            VALUES (:slug, :name, :status, :demonstrations, :rankings, :lease, :ties, :hide, :strength)
                            RETURNING id
                            """)
                    .param("slug", slug)
                    .param("name", "Project " + slug)
                    .param("status", status)
                    .param("demonstrations", demonstrations)
                    .param("rankings", rankings)
                    .param("lease", leaseMinutes)
                    .param("ties", ties)
                    .param("hide", hideModels)
                    .param("strength", strength)
                    .query(Long.class)
                    .single();
            if (flags != null) {
                jdbc.sql("UPDATE project SET flags = :flags::jsonb WHERE id = :id")
                        .param("flags", flags)
                        .param("id", id)
                        .update();
            }
            if (dimensions != null) {
                jdbc.sql("UPDATE project SET rating_dimensions = :dimensions::jsonb WHERE id = :id")
                        .param("dimensions", dimensions)
                        .param("id", id)
                        .update();
            }
            return new TestProject(id, slug);
        }
    }

    /** Gives {@code userId} project roles (LABELER, ANNOTATOR, REVIEWER). */
    public void member(TestProject project, long userId, String... roles) {
        jdbc.sql("""
                        INSERT INTO project_member (project_id, user_id, roles) VALUES (:project, :user, :roles::text[])
                        ON CONFLICT (project_id, user_id) DO UPDATE SET roles = excluded.roles
                        """)
                .param("project", project.id())
                .param("user", userId)
                .param("roles", "{" + String.join(",", roles) + "}")
                .update();
    }

    /** Saves a new guideline version with this text; returns its number. */
    public int guidelines(TestProject project, String content) {
        return jdbc.sql("""
                        INSERT INTO guideline_version (project_id, version, content)
                        SELECT :project, coalesce(max(version), 0) + 1, :content FROM guideline_version
                        WHERE project_id = :project
                        RETURNING version
                        """)
                .param("project", project.id())
                .param("content", content)
                .query(Integer.class)
                .single();
    }

    /**
     * {@code count} people with the given project roles, made in bulk (one password hash for all:
     * {@link TestUsers#PASSWORD}) and each with an API token for Bearer authentication.
     */
    public List<Person> people(TestProject project, int count, String... roles) {
        String hash = passwordHash();
        List<Person> people = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String username = "p" + counter.incrementAndGet() + "x" + i;
            long id = jdbc.sql("""
                            INSERT INTO app_user (username, display_name, password_hash)
                            VALUES (:username, :display, :hash) RETURNING id
                            """)
                    .param("username", username)
                    .param("display", "Person " + username)
                    .param("hash", hash)
                    .query(Long.class)
                    .single();
            member(project, id, roles);
            String token = tokens.create(id, "test").token();
            people.add(new Person(new AccountPrincipal(id, username, "Person " + username, false, true, null), token));
        }
        return people;
    }

    /**
     * One item with candidates {@code a}, {@code b}, … ({@code model-a}, … as model names, {@code
     * answer a} … as content), imported: the queue creates its slots. Returns the item id.
     */
    public long item(TestProject project, String externalId, int priority, String... candidateIds) {
        return transactions.execute(status -> {
            long itemId = insertItem(project.id(), externalId, priority);
            for (String candidate : candidateIds) {
                jdbc.sql("""
                                INSERT INTO candidate (item_id, external_id, model, content)
                                VALUES (:item, :external, :model, :content)
                                """)
                        .param("item", itemId)
                        .param("external", candidate)
                        .param("model", "model-" + candidate)
                        .param("content", "answer " + candidate)
                        .update();
            }
            events.publishEvent(new ItemsImported(
                    project.id(), List.of(new ImportedItem(itemId, priority, Arrays.asList(candidateIds), true))));
            return itemId;
        });
    }

    /** Adds candidates to an existing item and announces it again (a re-import with more candidates). */
    public void addCandidates(TestProject project, long itemId, String... candidateIds) {
        transactions.executeWithoutResult(status -> {
            for (String candidate : candidateIds) {
                jdbc.sql("""
                                INSERT INTO candidate (item_id, external_id, model, content)
                                VALUES (:item, :external, :model, :content)
                                """)
                        .param("item", itemId)
                        .param("external", candidate)
                        .param("model", "model-" + candidate)
                        .param("content", "answer " + candidate)
                        .update();
            }
            List<String> all = jdbc.sql("SELECT external_id FROM candidate WHERE item_id = ? ORDER BY id")
                    .param(itemId)
                    .query(String.class)
                    .list();
            int priority = jdbc.sql("SELECT priority FROM item WHERE id = ?")
                    .param(itemId)
                    .query(Integer.class)
                    .single();
            events.publishEvent(
                    new ItemsImported(project.id(), List.of(new ImportedItem(itemId, priority, all, false))));
        });
    }

    /**
     * {@code count} items {@code <prefix>-1} … each with candidates {@code a}, {@code b}, … ({@code
     * candidates} of them), imported in batches of 1,000 (one transaction and one event per batch).
     */
    public void items(TestProject project, String prefix, int count, int candidates) {
        String[] ids = new String[candidates];
        for (int c = 0; c < candidates; c++) {
            ids[c] = String.valueOf((char) ('a' + c));
        }
        List<String> candidateIds = List.of(ids);
        for (int start = 1; start <= count; start += 1000) {
            int from = start;
            int to = Math.min(count, start + 999);
            transactions.executeWithoutResult(status -> {
                List<Long> itemIds = jdbc.sql("""
                                INSERT INTO item (project_id, external_id, messages)
                                SELECT :project, :prefix || '-' || n,
                                       jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'Question ' || n))
                                FROM generate_series(:from, :to) AS n
                                ORDER BY n
                                RETURNING id
                                """)
                        .param("project", project.id())
                        .param("prefix", prefix)
                        .param("from", from)
                        .param("to", to)
                        .query(Long.class)
                        .list();
                jdbc.sql("""
                                INSERT INTO candidate (item_id, external_id, model, content)
                                SELECT i.id, c.external_id, 'model-' || c.external_id, 'Answer ' || c.external_id
                                FROM item i CROSS JOIN unnest(string_to_array(:ids, ',')) AS c(external_id)
                                WHERE i.id = ANY (string_to_array(:items, ',')::bigint[])
                                """)
                        .param("ids", String.join(",", candidateIds))
                        .param(
                                "items",
                                String.join(
                                        ",",
                                        itemIds.stream().map(String::valueOf).toList()))
                        .update();
                events.publishEvent(new ItemsImported(
                        project.id(),
                        itemIds.stream()
                                .map(id -> new ImportedItem(id, 0, candidateIds, true))
                                .toList()));
            });
        }
    }

    /** Moves a lease's expiry into the past, as if its holder had left long ago. */
    public void expireLease(long taskId) {
        jdbc.sql("""
                        UPDATE task SET lease_expires_at = now() - interval '1 second'
                        WHERE id = :task AND state = 'LEASED'
                        """).param("task", taskId).update();
    }

    private long insertItem(long projectId, String externalId, int priority) {
        return jdbc.sql("""
                        INSERT INTO item (project_id, external_id, messages, priority)
                        VALUES (:project, :external, :messages::jsonb, :priority)
                        RETURNING id
                        """)
                .param("project", projectId)
                .param("external", externalId)
                .param(
                        "messages",
                        "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Question "
                                + externalId + "?\"}]")
                .param("priority", priority)
                .query(Long.class)
                .single();
    }

    private String passwordHash() {
        if (passwordHash == null) {
            passwordHash = passwordEncoder.encode(TestUsers.PASSWORD);
        }
        return passwordHash;
    }
}
