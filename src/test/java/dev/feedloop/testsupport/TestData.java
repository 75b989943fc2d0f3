package dev.feedloop.testsupport;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.NewUser;
import dev.feedloop.accounts.UserView;
import dev.feedloop.accounts.Users;
import dev.feedloop.ingest.ImportedItem;
import dev.feedloop.ingest.ItemsImported;
import dev.feedloop.projects.ProjectDefinition;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.ProjectStatus;
import dev.feedloop.projects.Projects;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test data of every test: users, projects, members, imported items, judgments. Inject it
 * ({@code @Autowired TestData data}) in an {@link IntegrationTest}, or make one for another
 * application context with {@link #in(ApplicationContext)}. Names (usernames, slugs, external ids)
 * are unique per JVM unless you choose them.
 *
 * <pre>{@code
 * UserView admin = data.admin();                       // users: admin(), user(), user("bob", false)
 * UserView bob = data.user();                          // every one has the password PASSWORD
 * mvc.get().uri("/projects").with(TestData.as(bob));   // a MockMvc request signed in as bob
 *
 * TestProject project = data.project()                 // ACTIVE, 1 demonstration, 3 rankings per item
 *         .rankings(1).demonstrations(0).pairwiseStrength(true)   // or .set("lease_minutes", 5)
 *         .create();                                   // rows only; .createAsAdmin() uses Projects
 * data.member(project, bob, "LABELER")                 // roles: LABELER, ANNOTATOR, REVIEWER
 *     .guidelines(project, "Be brief.");               // a new guideline version
 * List<Person> people = data.people(project, 8, "ANNOTATOR");   // bulk users, optionally with tokens
 *
 * long item = data.item(project, "q-1", 0, "a", "b");  // imported: the queue makes its task slots
 * long other = data.itemAsking(project, "Say hello.", "m1", "Hello!", "m2", "Hi.");
 * long stored = data.storedItem(project.id(), "x", List.of(TestData.message("user", "Hi"))); // no slots
 * long candidate = data.candidate(stored, "a", "m1", "Hello");
 *
 * long demo = data.demonstration(stored, bob.id(), "Hello!").basedOn(candidate).insert();
 * data.ranking(stored, bob.id()).tiers(List.of("a"), List.of("b")).rating("a", "helpfulness", 5).insert();
 * data.review(demo, admin.id(), "APPROVED", Instant.now());
 * }</pre>
 *
 * <p>Users are made through {@link Users#create}, so they are exactly what the application makes.
 * What makes that cheap is the test context's password encoder: it hashes each distinct password
 * once per JVM (bcrypt costs about 300 ms on a loaded CI machine) and checks passwords with the real
 * encoder, so sign-in still runs the production path (see {@link TestDataConfiguration}).
 */
public class TestData {

    /** The password of every user made here. */
    public static final String PASSWORD = "correct horse battery";

    private static final AtomicInteger counter = new AtomicInteger();
    private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");

    private final ApplicationContext context;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    TestData(ApplicationContext context) {
        this.context = context;
        this.jdbc = context.getBean(JdbcClient.class);
        this.events = context;
        this.transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        this.json = context.getBean(JsonMapper.class);
    }

    /** Test data for another application context (a second server started by the test). */
    public static TestData in(ApplicationContext context) {
        return new TestData(context);
    }

    /** A project made by {@link ProjectBuilder#create()}. */
    public record TestProject(long id, String slug) {}

    /** A person made by {@link #people}: their principal, and a personal API token or {@code null}. */
    public record Person(AccountPrincipal principal, String token) {
        public long id() {
            return principal.id();
        }
    }

    // ---- users

    /** A new administrator {@code admin<n>}. */
    public UserView admin() {
        return user("admin" + counter.incrementAndGet(), true);
    }

    /** A new user {@code user<n>} without administration rights and without projects. */
    public UserView user() {
        return user("user" + counter.incrementAndGet(), false);
    }

    /** A new user with this name (display name {@code Test <username>}) and {@link #PASSWORD}. */
    public UserView user(String username, boolean admin) {
        return context.getBean(Users.class).create(new NewUser(username, PASSWORD, "Test " + username, admin));
    }

    /** The principal the application would hold for this user once signed in. */
    public static AccountPrincipal principal(UserView user) {
        return new AccountPrincipal(user.id(), user.username(), user.displayName(), user.admin(), user.enabled(), null);
    }

    /** Runs a MockMvc request as this user, with a session as if they had signed in. */
    public static RequestPostProcessor as(UserView user) {
        AccountPrincipal principal = principal(user);
        return SecurityMockMvcRequestPostProcessors.authentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
    }

    /** The {@code Authorization} header of HTTP Basic with this user's {@link #PASSWORD}. */
    public static String basic(UserView user) {
        return basic(user.username(), PASSWORD);
    }

    /** The {@code Authorization} header of HTTP Basic with this username and password. */
    public static String basic(String username, String password) {
        return "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * {@code count} people with the given project roles, made in bulk straight into the tables (one
     * password hash for all: {@link #PASSWORD}), without API tokens.
     */
    public List<Person> people(TestProject project, int count, String... roles) {
        return people(project, count, false, roles);
    }

    /** Like {@link #people}, each with an API token for Bearer authentication. */
    public List<Person> peopleWithTokens(TestProject project, int count, String... roles) {
        return people(project, count, true, roles);
    }

    private List<Person> people(TestProject project, int count, boolean withTokens, String... roles) {
        String hash = context.getBean(PasswordEncoder.class).encode(PASSWORD);
        ApiTokens tokens = context.getBean(ApiTokens.class);
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
            String token = withTokens ? tokens.create(id, "test").token() : null;
            people.add(new Person(new AccountPrincipal(id, username, "Person " + username, false, true, null), token));
        }
        return people;
    }

    // ---- projects

    /** A new project's settings; see {@link ProjectBuilder}. */
    public ProjectBuilder project() {
        return new ProjectBuilder();
    }

    /**
     * Settings of a new project. Defaults: slug {@code project-<n>}, ACTIVE, 1 demonstration and 3
     * rankings per item, 30-minute leases, ties allowed, model names hidden, no pairwise strength;
     * rating dimensions and flags are the application's defaults.
     */
    public final class ProjectBuilder {
        private String slug = "project-" + counter.incrementAndGet();
        private String name;
        private final Map<String, Object> columns = new LinkedHashMap<>();

        private ProjectBuilder() {
            columns.put("status", "ACTIVE");
        }

        public ProjectBuilder slug(String slug) {
            this.slug = slug;
            return this;
        }

        public ProjectBuilder name(String name) {
            this.name = name;
            return this;
        }

        /** DRAFT, ACTIVE, PAUSED or ARCHIVED. */
        public ProjectBuilder status(String status) {
            return set("status", status);
        }

        public ProjectBuilder demonstrations(int perItem) {
            return set("demonstrations_per_item", perItem);
        }

        public ProjectBuilder rankings(int perItem) {
            return set("rankings_per_item", perItem);
        }

        public ProjectBuilder leaseMinutes(int minutes) {
            return set("lease_minutes", minutes);
        }

        public ProjectBuilder ties(boolean allowed) {
            return set("ties_allowed", allowed);
        }

        public ProjectBuilder hideModelNames(boolean hide) {
            return set("hide_model_names", hide);
        }

        public ProjectBuilder pairwiseStrength(boolean asked) {
            return set("pairwise_strength", asked);
        }

        /** JSON array of flag names, e.g. {@code ["hallucination"]}. */
        public ProjectBuilder flags(String jsonArray) {
            return set("flags", json.readValue(jsonArray, List.class));
        }

        /** JSON array of dimensions, e.g. {@code [{"name":"helpfulness","min":1,"max":7}]}. */
        public ProjectBuilder dimensions(String jsonArray) {
            return set("rating_dimensions", json.readValue(jsonArray, List.class));
        }

        /**
         * Any column of the {@code project} table; lists and maps are stored as JSON: {@code
         * set("rankings_per_item", 0)}, {@code set("flags", List.of("harmful"))}.
         */
        public ProjectBuilder set(String column, Object value) {
            if (!column.matches("[a-z_]+")) {
                throw new IllegalArgumentException(column);
            }
            columns.put(column, value);
            return this;
        }

        /** Several {@link #set} at once. */
        public ProjectBuilder settings(Map<String, ?> columns) {
            columns.forEach(this::set);
            return this;
        }

        /** Writes the project row (no event, no creator), for tests of what uses a project. */
        public TestProject create() {
            long id = jdbc.sql("INSERT INTO project (slug, name) VALUES (?, ?) RETURNING id")
                    .params(slug, name != null ? name : "Project " + slug)
                    .query(Long.class)
                    .single();
            columns.forEach((column, value) -> {
                boolean jsonb = value instanceof List || value instanceof Map;
                jdbc.sql("UPDATE project SET " + column + " = " + (jsonb ? "?::jsonb" : "?") + " WHERE id = ?")
                        .params(jsonb ? json.writeValueAsString(value) : value, id)
                        .update();
            });
            return new TestProject(id, slug);
        }

        /**
         * Creates the project through {@link Projects#create} as a new administrator, as the admin
         * page does (checks, creator, {@code ProjectSettingsChanged}). Takes slug, name, status and
         * the counts, lease, ties, hiding and strength settings from this builder; dimensions and
         * flags are the application's defaults.
         */
        public ProjectSettings createAsAdmin() {
            ProjectDefinition d = ProjectDefinition.defaults(slug, name != null ? name : "Project " + slug);
            ProjectDefinition definition = new ProjectDefinition(
                    d.slug(),
                    d.name(),
                    d.description(),
                    ProjectStatus.valueOf(String.valueOf(columns.get("status"))),
                    (Integer) columns.getOrDefault("demonstrations_per_item", d.demonstrationsPerItem()),
                    (Integer) columns.getOrDefault("rankings_per_item", d.rankingsPerItem()),
                    (Integer) columns.getOrDefault("lease_minutes", d.leaseMinutes()),
                    (Boolean) columns.getOrDefault("ties_allowed", d.tiesAllowed()),
                    d.ratingDimensions(),
                    d.flags(),
                    (Boolean) columns.getOrDefault("hide_model_names", d.hideModelNames()),
                    (Boolean) columns.getOrDefault("pairwise_strength", d.pairwiseStrength()),
                    d.gold(),
                    d.agreement());
            return context.getBean(Projects.class).create(definition, "", principal(admin()));
        }
    }

    /** Gives the user these project roles (LABELER, ANNOTATOR, REVIEWER), replacing any they had. */
    public TestData member(TestProject project, UserView user, String... roles) {
        return member(project, user.id(), roles);
    }

    /** Gives the user these project roles (LABELER, ANNOTATOR, REVIEWER), replacing any they had. */
    public TestData member(TestProject project, long userId, String... roles) {
        return member(project.id(), userId, Arrays.stream(roles).toList());
    }

    /** Gives the user these project roles, replacing any they had. */
    public TestData member(ProjectSettings project, UserView user, ProjectRole... roles) {
        return member(
                project.id(),
                user.id(),
                Arrays.stream(roles).map(ProjectRole::name).toList());
    }

    private TestData member(long projectId, long userId, List<String> roles) {
        jdbc.sql("""
                        INSERT INTO project_member (project_id, user_id, roles) VALUES (:project, :user, :roles::text[])
                        ON CONFLICT (project_id, user_id) DO UPDATE SET roles = excluded.roles
                        """)
                .param("project", projectId)
                .param("user", userId)
                .param("roles", "{" + String.join(",", roles) + "}")
                .update();
        return this;
    }

    /**
     * Waits (at most 30 s) until no snapshot job is queued or running: the jobs run on the test
     * server's scheduler, as in production.
     */
    public void awaitSnapshotJobs() {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (jdbc.sql("SELECT count(*) FROM snapshot_job WHERE state IN ('QUEUED', 'RUNNING')")
                        .query(Long.class)
                        .single()
                > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("snapshot jobs still running after 30 s: "
                        + jdbc.sql(
                                        "SELECT string_agg(id || ' ' || state || ' ' || coalesce(error, ''), '; ') FROM snapshot_job")
                                .query(String.class)
                                .single());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Saves a new guideline version with this text; returns its number (1, 2, …). */
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

    // ---- items, imported (the work queue makes their task slots)

    /**
     * One imported item {@code externalId} (a system turn and the user turn {@code Question
     * <externalId>?}) with candidates {@code a}, {@code b}, … as given ({@code model-a}, … as model
     * names, {@code answer a} … as content). Returns the item id.
     */
    public long item(TestProject project, String externalId, int priority, String... candidateIds) {
        List<Map<String, String>> messages =
                List.of(message("system", "Be brief."), message("user", "Question " + externalId + "?"));
        List<String[]> candidates = Arrays.stream(candidateIds)
                .map(c -> new String[] {c, "model-" + c, "answer " + c})
                .toList();
        return imported(project, externalId, priority, messages, candidates);
    }

    /**
     * One imported item whose conversation is the single user turn {@code prompt}, with candidates
     * given as model, content pairs (external ids {@code a}, {@code b}, …). Returns the item id.
     */
    public long itemAsking(TestProject project, String prompt, String... modelAndContent) {
        return itemWith(project, List.of(message("user", prompt)), modelAndContent);
    }

    /** Like {@link #itemAsking} with a whole conversation ({@link #message}s). */
    public long itemWith(TestProject project, List<Map<String, String>> messages, String... modelAndContent) {
        List<String[]> candidates = new ArrayList<>();
        for (int i = 0; i + 1 < modelAndContent.length; i += 2) {
            candidates.add(
                    new String[] {String.valueOf((char) ('a' + i / 2)), modelAndContent[i], modelAndContent[i + 1]});
        }
        return imported(project, "item-" + counter.incrementAndGet(), 0, messages, candidates);
    }

    private long imported(
            TestProject project,
            String externalId,
            int priority,
            List<Map<String, String>> messages,
            List<String[]> candidates) {
        return transactions.execute(status -> {
            long itemId = jdbc.sql("""
                            INSERT INTO item (project_id, external_id, messages, priority)
                            VALUES (?, ?, ?::jsonb, ?) RETURNING id
                            """)
                    .params(project.id(), externalId, json.writeValueAsString(messages), priority)
                    .query(Long.class)
                    .single();
            for (String[] candidate : candidates) {
                candidate(itemId, candidate[0], candidate[1], candidate[2]);
            }
            List<String> ids = candidates.stream().map(c -> c[0]).toList();
            events.publishEvent(
                    new ItemsImported(project.id(), List.of(new ImportedItem(itemId, priority, ids, true))));
            return itemId;
        });
    }

    /** Adds candidates to an existing item and announces it again (a re-import with more candidates). */
    public void addCandidates(TestProject project, long itemId, String... candidateIds) {
        transactions.executeWithoutResult(status -> {
            for (String candidate : candidateIds) {
                candidate(itemId, candidate, "model-" + candidate, "answer " + candidate);
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

    // ---- items and judgments written straight into the tables, for what reads them (exports)

    /**
     * {@code count} stored items {@code q-1} … of the project, each with candidates {@code a} (model
     * {@code m1}) and {@code b} ({@code m2}) and one ranking by {@code annotatorId}: a better than b.
     */
    public void rankedItems(long projectId, int count, long annotatorId) {
        for (int i = 1; i <= count; i++) {
            long item = storedItem(projectId, "q-" + i, List.of(message("user", "Question " + i)));
            candidate(item, "a", "m1", "Answer A");
            candidate(item, "b", "m2", "Answer B");
            ranking(item, annotatorId).tiers(List.of("a"), List.of("b")).insert();
        }
    }

    /**
     * A JSON Lines import file of {@code count} items {@code <prefix>-1} … ({@code "Question n?"}),
     * each with one candidate {@code a} ({@code "Answer n"}).
     */
    public static byte[] itemLines(String prefix, int count) {
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            file.append("{\"id\":\"")
                    .append(prefix)
                    .append('-')
                    .append(i)
                    .append("\",\"prompt\":\"Question ")
                    .append(i)
                    .append("?\",\"candidates\":[{\"id\":\"a\",\"content\":\"Answer ")
                    .append(i)
                    .append("\"}]}\n");
        }
        return file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A message of a conversation. */
    public static Map<String, String> message(String role, String content) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    /** An item whose conversation is {@code messages}, stored without task slots; returns its id. */
    public long storedItem(long projectId, String externalId, List<Map<String, String>> messages) {
        return jdbc.sql("INSERT INTO item (project_id, external_id, messages) VALUES (?, ?, ?::jsonb) RETURNING id")
                .params(projectId, externalId, json.writeValueAsString(messages))
                .query(Long.class)
                .single();
    }

    /** A candidate answer of an item; returns its id. */
    public long candidate(long itemId, String externalId, String model, String content) {
        return jdbc.sql("INSERT INTO candidate (item_id, external_id, model, content) VALUES (?, ?, ?, ?) RETURNING id")
                .params(itemId, externalId, model, content)
                .query(Long.class)
                .single();
    }

    private long doneTask(long itemId, String kind, long userId) {
        return jdbc.sql("""
                        INSERT INTO task (project_id, item_id, kind, state, assignee_id, done_at)
                        SELECT project_id, id, ?, 'DONE', ?, now() FROM item WHERE id = ? RETURNING id
                        """).params(kind, userId, itemId).query(Long.class).single();
    }

    /**
     * A skip of a task of the item ({@code RANK} or {@code WRITE}) by {@code userId} at {@code at},
     * as the work queue records it; returns its id.
     */
    public long skip(long itemId, String kind, long userId, String reason, String note, Instant at) {
        return jdbc.sql("""
                        INSERT INTO task_skip (project_id, item_id, kind, user_id, reason_code, reason_text, created_at)
                        SELECT project_id, id, ?, ?, ?, ?, ? FROM item WHERE id = ? RETURNING id
                        """)
                .params(kind, userId, reason, note, Timestamp.from(at), itemId)
                .query(Long.class)
                .single();
    }

    /** A submitted ranking of the item, with its own DONE task; {@link RankingBuilder#insert()} stores it. */
    public RankingBuilder ranking(long itemId, long annotatorId) {
        return new RankingBuilder(itemId, annotatorId);
    }

    /** A submitted demonstration, with its own DONE task; {@link DemonstrationBuilder#insert()} stores it. */
    public DemonstrationBuilder demonstration(long itemId, long authorId, String content) {
        return new DemonstrationBuilder(itemId, authorId, content);
    }

    /** A review decision (APPROVED or REJECTED) on a demonstration at {@code at}; returns its id. */
    public long review(long demonstrationId, long reviewerId, String decision, Instant at) {
        return jdbc.sql("""
                        INSERT INTO review (demonstration_id, reviewer_id, decision, created_at)
                        VALUES (?, ?, ?, ?) RETURNING id
                        """)
                .params(demonstrationId, reviewerId, decision, Timestamp.from(at))
                .query(Long.class)
                .single();
    }

    /**
     * A reviewer's edit: a new demonstration revising {@code demonstrationId} with {@code content},
     * and an EDITED review pointing to it, both at {@code at}. Returns the new demonstration's id.
     */
    public long edit(long demonstrationId, long reviewerId, String content, Instant at) {
        long edited = jdbc.sql("""
                        INSERT INTO demonstration (task_id, item_id, project_id, author_id, content, revises_id,
                                                   guideline_version, submitted_at)
                        SELECT task_id, item_id, project_id, ?, ?, id, guideline_version, ? FROM demonstration WHERE id = ?
                        RETURNING id
                        """)
                .params(reviewerId, content, Timestamp.from(at), demonstrationId)
                .query(Long.class)
                .single();
        jdbc.sql("""
                        INSERT INTO review (demonstration_id, reviewer_id, decision, edited_demonstration_id, created_at)
                        VALUES (?, ?, 'EDITED', ?, ?)
                        """)
                .params(demonstrationId, reviewerId, edited, Timestamp.from(at))
                .update();
        return edited;
    }

    /** A ranking; defaults: no tiers, shown in tier order, guideline version 1, on time, submitted in 2025. */
    public final class RankingBuilder {
        private final long itemId;
        private final long annotatorId;
        private List<List<String>> tiers = List.of();
        private List<String> displayed;
        private boolean noneAcceptable;
        private Map<String, Map<String, Integer>> ratings = Map.of();
        private Map<String, List<String>> flags = Map.of();
        private Integer strength;
        private String rationale;
        private Integer guidelineVersion = 1;
        private boolean late;
        private Integer activeSeconds;
        private Instant at = EPOCH.plusSeconds(counter.incrementAndGet());

        private RankingBuilder(long itemId, long annotatorId) {
            this.itemId = itemId;
            this.annotatorId = annotatorId;
        }

        /** Tiers of candidate external ids, best first: {@code tiers(List.of("b"), List.of("a", "c"))}. */
        @SafeVarargs
        public final RankingBuilder tiers(List<String>... tiers) {
            this.tiers = List.of(tiers);
            return this;
        }

        public RankingBuilder displayed(String... ids) {
            this.displayed = List.of(ids);
            return this;
        }

        public RankingBuilder noneAcceptable() {
            this.noneAcceptable = true;
            return this;
        }

        public RankingBuilder rating(String candidate, String dimension, int value) {
            Map<String, Map<String, Integer>> copy = new LinkedHashMap<>(ratings);
            Map<String, Integer> inner = new LinkedHashMap<>(copy.getOrDefault(candidate, Map.of()));
            inner.put(dimension, value);
            copy.put(candidate, inner);
            this.ratings = copy;
            return this;
        }

        public RankingBuilder flag(String candidate, String flag) {
            Map<String, List<String>> copy = new LinkedHashMap<>(flags);
            List<String> inner = new ArrayList<>(copy.getOrDefault(candidate, List.of()));
            inner.add(flag);
            copy.put(candidate, inner);
            this.flags = copy;
            return this;
        }

        public RankingBuilder strength(int strength) {
            this.strength = strength;
            return this;
        }

        public RankingBuilder guidelineVersion(Integer version) {
            this.guidelineVersion = version;
            return this;
        }

        public RankingBuilder rationale(String rationale) {
            this.rationale = rationale;
            return this;
        }

        public RankingBuilder activeSeconds(int seconds) {
            this.activeSeconds = seconds;
            return this;
        }

        public RankingBuilder late() {
            this.late = true;
            return this;
        }

        public RankingBuilder at(Instant at) {
            this.at = at;
            return this;
        }

        /** Stores the ranking; returns its id. */
        public long insert() {
            List<String> shown = displayed != null
                    ? displayed
                    : tiers.stream().flatMap(List::stream).toList();
            long taskId = doneTask(itemId, "RANK", annotatorId);
            return jdbc.sql("""
                            INSERT INTO ranking (task_id, item_id, project_id, annotator_id, tiers, none_acceptable,
                                                 displayed_order, ratings, flags, strength, rationale,
                                                 guideline_version, late, submitted_at, active_seconds)
                            SELECT ?, id, project_id, ?, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?
                            FROM item WHERE id = ? RETURNING id
                            """)
                    .params(
                            taskId,
                            annotatorId,
                            json.writeValueAsString(tiers),
                            noneAcceptable,
                            json.writeValueAsString(shown),
                            json.writeValueAsString(ratings),
                            json.writeValueAsString(flags),
                            strength,
                            rationale,
                            guidelineVersion,
                            late,
                            Timestamp.from(at),
                            activeSeconds,
                            itemId)
                    .query(Long.class)
                    .single();
        }
    }

    /** A demonstration; defaults: written from scratch, guideline version 1, on time, submitted in 2025. */
    public final class DemonstrationBuilder {
        private final long itemId;
        private final long authorId;
        private final String content;
        private Long basedOn;
        private Integer guidelineVersion = 1;
        private boolean late;
        private Instant at = EPOCH.plusSeconds(counter.incrementAndGet());

        private DemonstrationBuilder(long itemId, long authorId, String content) {
            this.itemId = itemId;
            this.authorId = authorId;
            this.content = content;
        }

        public DemonstrationBuilder basedOn(long candidateId) {
            this.basedOn = candidateId;
            return this;
        }

        public DemonstrationBuilder guidelineVersion(Integer version) {
            this.guidelineVersion = version;
            return this;
        }

        public DemonstrationBuilder late() {
            this.late = true;
            return this;
        }

        public DemonstrationBuilder at(Instant at) {
            this.at = at;
            return this;
        }

        /** Stores the demonstration; returns its id. */
        public long insert() {
            long taskId = doneTask(itemId, "WRITE", authorId);
            return jdbc.sql("""
                            INSERT INTO demonstration (task_id, item_id, project_id, author_id, content,
                                                       based_on_candidate_id, guideline_version, late, submitted_at)
                            SELECT ?, id, project_id, ?, ?, ?, ?, ?, ? FROM item WHERE id = ? RETURNING id
                            """)
                    .params(taskId, authorId, content, basedOn, guidelineVersion, late, Timestamp.from(at), itemId)
                    .query(Long.class)
                    .single();
        }
    }
}
