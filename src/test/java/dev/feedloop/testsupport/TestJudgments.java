package dev.feedloop.testsupport;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes projects, items, candidates and judgments (demonstrations, rankings, reviews) straight into
 * the tables, as the import, the work queue and the review pages would, for tests of what reads
 * them (exports, statistics). Every judgment gets its own DONE task.
 */
public class TestJudgments {

    private static final AtomicInteger counter = new AtomicInteger();

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public TestJudgments(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A project with default settings; returns its id. */
    public long project(String slug) {
        return jdbc.sql("INSERT INTO project (slug, name, status) VALUES (?, ?, 'ACTIVE') RETURNING id")
                .params(slug, "Project " + slug)
                .query(Long.class)
                .single();
    }

    public void guidelines(long projectId, int version, String content) {
        jdbc.sql("INSERT INTO guideline_version (project_id, version, content) VALUES (?, ?, ?)")
                .params(projectId, version, content)
                .update();
    }

    /** A message of a conversation. */
    public static Map<String, String> message(String role, String content) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    /** An item whose conversation is {@code messages}; returns its id. */
    public long item(long projectId, String externalId, List<Map<String, String>> messages) {
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

    private long task(long itemId, String kind, long userId) {
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

    public RankingBuilder ranking(long itemId, long annotatorId) {
        return new RankingBuilder(itemId, annotatorId);
    }

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
        private Instant at = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(counter.incrementAndGet());

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
            long taskId = task(itemId, "RANK", annotatorId);
            return jdbc.sql("""
                            INSERT INTO ranking (task_id, item_id, project_id, annotator_id, tiers, none_acceptable,
                                                 displayed_order, ratings, flags, strength, rationale,
                                                 guideline_version, late, submitted_at)
                            SELECT ?, id, project_id, ?, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?
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
                            itemId)
                    .query(Long.class)
                    .single();
        }
    }

    public final class DemonstrationBuilder {
        private final long itemId;
        private final long authorId;
        private final String content;
        private Long basedOn;
        private Integer guidelineVersion = 1;
        private boolean late;
        private Instant at = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(counter.incrementAndGet());

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
            long taskId = task(itemId, "WRITE", authorId);
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
