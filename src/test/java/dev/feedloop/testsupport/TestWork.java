package dev.feedloop.testsupport;

import dev.feedloop.accounts.UserView;
import dev.feedloop.ingest.ImportedItem;
import dev.feedloop.ingest.ItemsImported;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test data for the labeling pages: an ACTIVE project with members, guidelines and items imported
 * the way an import does it (rows, then {@link ItemsImported} in the same transaction, so the work
 * queue creates the task slots).
 */
public class TestWork {

    private static final AtomicInteger counter = new AtomicInteger();

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final JsonMapper json;

    public TestWork(
            JdbcClient jdbc,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            JsonMapper json) {
        this.jdbc = jdbc;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.json = json;
    }

    /** A project ready to hand out work; {@code settings} overrides columns, e.g. {@code rankings_per_item}. */
    public Project create(Map<String, Object> settings) {
        String slug = "proj-" + counter.incrementAndGet();
        long id = jdbc.sql("INSERT INTO project (slug, name, status) VALUES (?, ?, 'ACTIVE') RETURNING id")
                .params(slug, "Project " + slug)
                .query(Long.class)
                .single();
        settings.forEach((column, value) -> {
            if (!column.matches("[a-z_]+")) {
                throw new IllegalArgumentException(column);
            }
            boolean jsonb = value instanceof List || value instanceof Map;
            jdbc.sql("UPDATE project SET " + column + " = " + (jsonb ? "?::jsonb" : "?") + " WHERE id = ?")
                    .params(jsonb ? json.writeValueAsString(value) : value, id)
                    .update();
        });
        return new Project(id, slug);
    }

    public Project create() {
        return create(Map.of());
    }

    public TestWork member(Project project, UserView user, String... roles) {
        jdbc.sql("INSERT INTO project_member (project_id, user_id, roles) VALUES (?, ?, ?::text[])")
                .params(project.id(), user.id(), "{" + String.join(",", Arrays.asList(roles)) + "}")
                .update();
        return this;
    }

    public TestWork guidelines(Project project, String markdown) {
        jdbc.sql("""
                        INSERT INTO guideline_version (project_id, version, content)
                        VALUES (?, (SELECT coalesce(max(version), 0) + 1 FROM guideline_version WHERE project_id = ?), ?)
                        """).params(project.id(), project.id(), markdown).update();
        return this;
    }

    /**
     * Imports one item: a single user turn {@code prompt} and candidates given as model, content
     * pairs (external ids a, b, c, …).
     */
    public long item(Project project, String prompt, String... modelAndContent) {
        List<Map<String, String>> messages = List.of(Map.of("role", "user", "content", prompt));
        return item(project, messages, modelAndContent);
    }

    public long item(Project project, List<Map<String, String>> messages, String... modelAndContent) {
        return tx.execute(status -> {
            String externalId = "item-" + counter.incrementAndGet();
            long itemId = jdbc.sql(
                            "INSERT INTO item (project_id, external_id, messages) VALUES (?, ?, ?::jsonb) RETURNING id")
                    .params(project.id(), externalId, json.writeValueAsString(messages))
                    .query(Long.class)
                    .single();
            List<String> candidateIds = new ArrayList<>();
            for (int i = 0; i + 1 < modelAndContent.length; i += 2) {
                String candidateId = String.valueOf((char) ('a' + i / 2));
                jdbc.sql("INSERT INTO candidate (item_id, external_id, model, content) VALUES (?, ?, ?, ?)")
                        .params(itemId, candidateId, modelAndContent[i], modelAndContent[i + 1])
                        .update();
                candidateIds.add(candidateId);
            }
            events.publishEvent(
                    new ItemsImported(project.id(), List.of(new ImportedItem(itemId, 0, candidateIds, true))));
            return itemId;
        });
    }

    public record Project(long id, String slug) {}
}
