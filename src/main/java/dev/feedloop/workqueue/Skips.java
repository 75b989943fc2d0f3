package dev.feedloop.workqueue;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.UserView;
import dev.feedloop.accounts.Users;
import dev.feedloop.ingest.Items;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The skips of a project as administrators read them: who skipped which item, when, with which
 * reason and note. Pages go newest first with a keyset cursor (the last skip id of a page), so a
 * page costs the same however many skips there are.
 */
@Service
public class Skips {

    /** Skips per page unless asked otherwise. */
    public static final int DEFAULT_LIMIT = 50;
    /** Most skips per page. */
    public static final int MAX_LIMIT = 200;

    private final JdbcClient jdbc;
    private final Projects projects;
    private final Items items;
    private final Users users;

    Skips(JdbcClient jdbc, Projects projects, Items items, Users users) {
        this.jdbc = jdbc;
        this.projects = projects;
        this.items = items;
        this.users = users;
    }

    private record Row(
            long id,
            Long taskId,
            TaskKind kind,
            long itemId,
            long userId,
            String reason,
            String note,
            OffsetDateTime createdAt) {}

    /**
     * Skips of the project older than skip {@code before} (all when {@code null}), newest first
     * (administrators only).
     *
     * @param reasonCode only skips with this reason ({@link SkipReason#code()}), or {@code null} for all
     * @param limit skips per page, 1 to {@link #MAX_LIMIT}; {@code null} for {@link #DEFAULT_LIMIT}
     */
    @Transactional(readOnly = true)
    public SkipPage page(String slug, AccountPrincipal me, String reasonCode, Long before, Integer limit) {
        ProjectSettings project = projects.requireVisible(slug, me);
        if (!me.admin()) {
            throw WorkQueueRefusals.adminOnly();
        }
        SkipReason reason = null;
        if (reasonCode != null && !reasonCode.isBlank()) {
            reason = SkipReason.fromCode(reasonCode);
            if (reason == null) {
                throw WorkQueueRefusals.invalidParameter("reason", "must be one of " + SkipReason.codes());
            }
        }
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw WorkQueueRefusals.invalidParameter("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (before != null && before < 1) {
            throw WorkQueueRefusals.invalidParameter("before", "must be a skip id (a positive number)");
        }
        List<Row> rows = jdbc.sql("""
                        SELECT id, task_id, kind, item_id, user_id, reason_code, reason_text, created_at
                        FROM task_skip
                        WHERE project_id = :project
                          AND (CAST(:reason AS text) IS NULL OR reason_code = :reason)
                          AND (CAST(:before AS bigint) IS NULL OR id < :before)
                        ORDER BY id DESC
                        LIMIT :limit
                        """)
                .param("project", project.id())
                .param("reason", reason == null ? null : reason.code())
                .param("before", before)
                .param("limit", size + 1)
                .query((rs, n) -> new Row(
                        rs.getLong("id"),
                        (Long) rs.getObject("task_id"),
                        TaskKind.valueOf(rs.getString("kind")),
                        rs.getLong("item_id"),
                        rs.getLong("user_id"),
                        rs.getString("reason_code"),
                        rs.getString("reason_text"),
                        rs.getObject("created_at", OffsetDateTime.class)))
                .list();
        boolean more = rows.size() > size;
        List<Row> shown = more ? rows.subList(0, size) : rows;
        Map<Long, UserView> people = new HashMap<>();
        Map<Long, String> externalIds = new HashMap<>();
        List<SkipView> skips = new ArrayList<>(shown.size());
        for (Row row : shown) {
            UserView who = people.computeIfAbsent(row.userId(), users::get);
            String externalId = externalIds.computeIfAbsent(
                    row.itemId(), id -> items.get(id).externalId());
            skips.add(new SkipView(
                    row.id(),
                    row.taskId(),
                    row.kind(),
                    row.itemId(),
                    externalId,
                    who.id(),
                    who.username(),
                    who.displayName(),
                    SkipReason.fromCode(row.reason()),
                    row.note(),
                    row.createdAt().toInstant()));
        }
        return new SkipPage(skips, more ? shown.getLast().id() : null);
    }
}
