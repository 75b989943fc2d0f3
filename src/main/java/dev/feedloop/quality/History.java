package dev.feedloop.quality;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.review.ReviewDecision;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A person's own judgments, newest first: their demonstrations with the review outcome and the
 * reviewer's comment, and their rankings. Reads the judgment tables directly, read-only (like the
 * exports), because it joins them with items, projects and reviews in one query each.
 */
@Service
public class History {

    /** How many judgments of each kind the page lists at most. */
    public static final int LIMIT = 200;

    private static final TypeReference<List<List<String>>> TIERS = new TypeReference<>() {};
    private static final TypeReference<List<String>> ORDER = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    History(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(readOnly = true)
    public List<HistoryEntry> of(AccountPrincipal me) {
        List<HistoryEntry> entries = new ArrayList<>(demonstrations(me.id()));
        entries.addAll(rankings(me.id()));
        entries.sort(Comparator.comparing(HistoryEntry::submittedAt).reversed());
        return entries;
    }

    private List<HistoryEntry> demonstrations(long userId) {
        return jdbc.sql("""
                        SELECT d.id, p.slug, p.name, i.external_id, i.messages -> -1 ->> 'content' AS prompt,
                               d.submitted_at, d.active_seconds, d.late, d.content,
                               r.decision, r.comment, u.display_name AS reviewer, r.created_at AS reviewed_at,
                               e.content AS edited
                        FROM demonstration d
                        JOIN project p ON p.id = d.project_id
                        JOIN item i ON i.id = d.item_id
                        LEFT JOIN LATERAL (
                            SELECT * FROM review x WHERE x.demonstration_id = d.id
                            ORDER BY x.created_at DESC, x.id DESC LIMIT 1) r ON true
                        LEFT JOIN app_user u ON u.id = r.reviewer_id
                        LEFT JOIN demonstration e ON e.id = r.edited_demonstration_id
                        WHERE d.author_id = ? AND d.revises_id IS NULL
                        ORDER BY d.submitted_at DESC, d.id DESC
                        LIMIT ?
                        """)
                .params(userId, LIMIT)
                .query((rs, n) -> new HistoryEntry(
                        false,
                        rs.getLong("id"),
                        rs.getString("slug"),
                        rs.getString("name"),
                        rs.getString("external_id"),
                        rs.getString("prompt"),
                        instant(rs, "submitted_at"),
                        (Integer) rs.getObject("active_seconds"),
                        rs.getBoolean("late"),
                        rs.getString("content"),
                        false,
                        null,
                        rs.getString("decision") == null ? null : ReviewDecision.valueOf(rs.getString("decision")),
                        rs.getString("comment"),
                        rs.getString("reviewer"),
                        instant(rs, "reviewed_at"),
                        rs.getString("edited")))
                .list();
    }

    private List<HistoryEntry> rankings(long userId) {
        return jdbc.sql("""
                        SELECT k.id, p.slug, p.name, i.external_id, i.messages -> -1 ->> 'content' AS prompt,
                               k.submitted_at, k.active_seconds, k.late, k.tiers::text AS tiers,
                               k.displayed_order::text AS displayed_order, k.none_acceptable, k.rationale
                        FROM ranking k
                        JOIN project p ON p.id = k.project_id
                        JOIN item i ON i.id = k.item_id
                        WHERE k.annotator_id = ?
                        ORDER BY k.submitted_at DESC, k.id DESC
                        LIMIT ?
                        """)
                .params(userId, LIMIT)
                .query((rs, n) -> new HistoryEntry(
                        true,
                        rs.getLong("id"),
                        rs.getString("slug"),
                        rs.getString("name"),
                        rs.getString("external_id"),
                        rs.getString("prompt"),
                        instant(rs, "submitted_at"),
                        (Integer) rs.getObject("active_seconds"),
                        rs.getBoolean("late"),
                        order(
                                json.readValue(rs.getString("tiers"), TIERS),
                                json.readValue(rs.getString("displayed_order"), ORDER)),
                        rs.getBoolean("none_acceptable"),
                        rs.getString("rationale"),
                        null,
                        null,
                        null,
                        null,
                        null))
                .list();
    }

    /** {@code B > A = C}: the tiers with each candidate named by its letter on the annotator's page. */
    static String order(List<List<String>> tiers, List<String> displayed) {
        List<String> parts = new ArrayList<>();
        for (List<String> tier : tiers) {
            parts.add(String.join(
                    " = ",
                    tier.stream()
                            .map(id -> {
                                int index = displayed.indexOf(id);
                                return index < 0 ? id : index < 26 ? String.valueOf((char) ('A' + index)) : id;
                            })
                            .sorted()
                            .toList()));
        }
        return String.join(" > ", parts);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
