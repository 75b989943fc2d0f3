package dev.feedloop.export;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The statements of every export, per kind of line: each selects {@code select} (a line of {@link
 * ExportLines}, or {@code i.split} to count) over the project's items in id order, and sorts by
 * their line order unless they only count.
 *
 * <p>Every export is driven by the item list ({@link #items}): each item's judgments are read
 * through per-item LATERAL subqueries (index scans), so lines come out item by item and the final
 * ORDER BY only sorts the few lines of one item (an incremental sort), whatever the size of the
 * export.
 */
final class ExportQueries {

    private final ExportValues values;

    ExportQueries(ExportValues values) {
        this.values = values;
    }

    /**
     * Items of the project with their split, in id order, limited to the selected part of the split
     * and to the items that came in during the request's round; items excluded from export are left
     * out.
     */
    String items() {
        return """
                items AS (
                    SELECT i.id, i.external_id, i.messages, i.messages::text AS prompt, s.split%s
                    FROM item i
                    CROSS JOIN LATERAL (
                        SELECT CASE WHEN ('x' || '00000000' || left(encode(sha256(convert_to(
                                    %s || ':' || i.external_id, 'UTF8')), 'hex'), 8))::bit(64)::bigint < %s
                               THEN 'test' ELSE 'train' END AS split) s
                    WHERE i.project_id = %s AND %s AND %s AND i.excluded_at IS NULL
                    ORDER BY i.id
                )""".formatted(
                                sharegpt() ? SHAREGPT_CONVERSATION : "",
                                values.seed(),
                                values.testThreshold(),
                                values.project(),
                                values.splitFilter(),
                                values.roundFilter())
                + values.untrustedPeople();
    }

    /** Demonstrations with their newest review decision up to the point in time, by the review filter. */
    String sft(String select, boolean ordered) {
        return """
                WITH %s
                SELECT %s
                FROM items i
                CROSS JOIN LATERAL (
                    SELECT d.id, d.content, d.revises_id, d.guideline_version, d.late, b.external_id AS based_on,
                           COALESCE(lr.decision, CASE WHEN d.revises_id IS NULL THEN 'PENDING' ELSE 'APPROVED' END) AS state,
                           %s AS author, %s AS submitted
                    FROM demonstration d
                    LEFT JOIN LATERAL (
                        SELECT v.decision FROM review v
                        WHERE v.demonstration_id = d.id AND v.created_at <= %s
                        ORDER BY v.created_at DESC, v.id DESC LIMIT 1
                    ) lr ON true
                    LEFT JOIN candidate b ON b.id = d.based_on_candidate_id
                    WHERE d.item_id = i.id AND %s AND %s
                    OFFSET 0
                ) d
                WHERE d.state IN (%s)
                %s""".formatted(
                        items(),
                        select,
                        values.who("d.author_id"),
                        ExportValues.time("d.submitted_at"),
                        values.asOf(),
                        values.counted("d"),
                        values.trusted("d.author_id"),
                        values.reviewStates(),
                        ordered ? "ORDER BY i.id, d.id" : "");
    }

    /** Every strictly ordered pair of each ranking of the item. */
    String rawPairs(String select, boolean ordered) {
        return """
                WITH %s
                SELECT %s
                FROM items i
                CROSS JOIN LATERAL (%s) r
                CROSS JOIN LATERAL (%s) an
                %s
                CROSS JOIN LATERAL (
                    SELECT a.ext AS chosen, b.ext AS rejected, r.id AS ranking_id, r.strength, r.annotator,
                           r.guideline_version, r.submitted, r.adjudicated, r.annotator AS decider%s
                ) v
                WHERE ta.pos < tb.pos AND NOT r.none_acceptable AND r.annotators >= %s
                  AND an.ids -> a.ext IS NOT NULL AND an.ids -> b.ext IS NOT NULL
                %s""".formatted(
                items(),
                select,
                rawRows(),
                itemAnswers(),
                PAIRS_OF_RANKING,
                judges() ? ", r.judge, r.endpoint, r.model, r.judge_order" : "",
                values.minAnnotators(),
                ordered
                        ? "ORDER BY i.id, " + judgeFirstKey() + "r.adjudicated, r.id, ta.pos, a.ord, tb.pos, b.ord"
                        : "");
    }

    /**
     * The pairs that more than half of the item's annotators ordered the same way; with machine
     * judgments also each judge's combined verdict (see {@link #judgePairs}), after people's.
     */
    String majorityPairs(String select, boolean ordered) {
        return """
                WITH %s
                SELECT %s
                FROM items i
                CROSS JOIN LATERAL (
                    SELECT g.*, round(g.votes::numeric / g.annotators, 4) AS agreement%s
                    FROM (
                        SELECT a.ext AS chosen, b.ext AS rejected, max(r.annotators) AS annotators, count(*) AS votes,
                               array_agg(r.id ORDER BY r.id) AS ranking_ids,
                               array_agg(r.annotator ORDER BY r.id) AS annotator_list,
                               array_agg(DISTINCT r.guideline_version) FILTER (WHERE r.guideline_version IS NOT NULL) AS versions,
                               round(avg(r.strength), 4)::float8 AS margin,
                               max(r.submitted_at) AS submitted_at,
                               bool_or(r.adjudicated) AS adjudicated,
                               max(r.annotator) FILTER (WHERE r.adjudicated) AS decider
                        FROM (%s) r
                        %s
                        WHERE ta.pos < tb.pos AND NOT r.none_acceptable
                        GROUP BY a.ext, b.ext
                        HAVING count(*) * 2 > max(r.annotators) AND (max(r.annotators) >= %s OR bool_or(r.adjudicated))
                    ) g%s
                ) v
                CROSS JOIN LATERAL (%s) an
                WHERE an.ids -> v.chosen IS NOT NULL AND an.ids -> v.rejected IS NOT NULL
                %s""".formatted(
                        items(),
                        select,
                        judges() ? PEOPLES_ROWS : "",
                        rankingsAndDecision(true),
                        PAIRS_OF_RANKING,
                        values.minAnnotators(),
                        judges() ? judgePairs() : "",
                        itemAnswers(),
                        ordered
                                ? "ORDER BY i.id, " + judgeOrderKey()
                                        + "(an.ids ->> v.chosen)::bigint, (an.ids ->> v.rejected)::bigint"
                                : "");
    }

    /** A KTO label for every candidate of each ranking that has one. */
    String rawKto(String select, boolean ordered) {
        return """
                WITH %s, %s
                SELECT %s
                FROM items i
                CROSS JOIN LATERAL (%s) r
                CROSS JOIN LATERAL (%s) an
                %s
                WHERE r.annotators >= %s AND lb.label IS NOT NULL AND an.ids -> c.ext IS NOT NULL
                %s""".formatted(
                items(),
                dims(),
                select,
                rawRows(),
                itemAnswers(),
                LABELS_OF_RANKING,
                values.minAnnotators(),
                ordered ? "ORDER BY i.id, " + judgeFirstKey() + "r.adjudicated, r.id, (an.ids ->> c.ext)::bigint" : "");
    }

    /**
     * The label more than half of the item's annotators gave a candidate; with machine judgments
     * also each judge's combined labels (see {@link #judgeLabels}), after people's.
     */
    String majorityKto(String select, boolean ordered) {
        return """
                WITH %s, %s
                SELECT %s
                FROM items i
                CROSS JOIN LATERAL (
                    SELECT t.ext, t.annotators, t.ranking_ids, t.annotator_list, t.versions, t.submitted_at,
                           t.adjudicated, t.decider, t.label, t.votes,
                           round(t.votes::numeric / t.annotators, 4) AS agreement%s
                    FROM (
                        SELECT t.*, t.desirable * 2 > t.annotators AS label,
                               CASE WHEN t.desirable * 2 > t.annotators THEN t.desirable ELSE t.undesirable END AS votes
                        FROM (
                            SELECT c.ext, max(r.annotators) AS annotators,
                                   count(*) FILTER (WHERE lb.label) AS desirable,
                                   count(*) FILTER (WHERE NOT lb.label) AS undesirable,
                                   array_agg(r.id ORDER BY r.id) AS ranking_ids,
                                   array_agg(r.annotator ORDER BY r.id) AS annotator_list,
                                   array_agg(DISTINCT r.guideline_version) FILTER (WHERE r.guideline_version IS NOT NULL) AS versions,
                                   max(r.submitted_at) AS submitted_at,
                                   bool_or(r.adjudicated) AS adjudicated,
                                   max(r.annotator) FILTER (WHERE r.adjudicated) AS decider
                            FROM (%s) r
                            %s
                            GROUP BY c.ext
                        ) t
                        WHERE (t.desirable * 2 > t.annotators OR t.undesirable * 2 > t.annotators)
                          AND (t.annotators >= %s OR t.adjudicated)
                    ) t%s
                ) v
                CROSS JOIN LATERAL (%s) an
                WHERE an.ids -> v.ext IS NOT NULL
                %s""".formatted(
                        items(),
                        dims(),
                        select,
                        judges() ? PEOPLES_ROWS : "",
                        rankingsAndDecision(true),
                        LABELS_OF_RANKING,
                        values.minAnnotators(),
                        judges() ? judgeLabels() : "",
                        itemAnswers(),
                        ordered ? "ORDER BY i.id, " + judgeOrderKey() + "(an.ids ->> v.ext)::bigint" : "");
    }

    /**
     * The approved fixes of production failures as preference pairs, the fix over the bad reply,
     * one per fix: the columns of {@link #rawPairs} and {@link #majorityPairs} (a fix counts as one
     * judgment agreed by its one author), so the lines have the same keys as people's.
     */
    String fixPairs(String select, boolean ordered) {
        return """
                WITH %s
                SELECT %s
                FROM items i
                CROSS JOIN LATERAL (%s) v
                CROSS JOIN LATERAL (%s) an
                %s""".formatted(items(), select, fixRows(), fixAnswers("v"), ordered ? "ORDER BY i.id, v.id" : "");
    }

    /**
     * The approved fixes as KTO labels: the fix desirable, the bad reply undesirable, with the
     * columns of {@link #rawKto} ({@code r}, {@code c}, {@code lb}, {@code src}) and {@link
     * #majorityKto} ({@code v}).
     */
    String fixKto(String select, boolean ordered) {
        return """
                WITH %s
                SELECT %s
                FROM items i
                CROSS JOIN LATERAL (%s) r
                CROSS JOIN LATERAL (VALUES (r.chosen, true), (r.rejected, false)) c(ext, label)
                CROSS JOIN LATERAL (SELECT c.label) lb
                CROSS JOIN LATERAL (SELECT 'fix'::text AS source) src
                CROSS JOIN LATERAL (SELECT r.*, c.ext, c.label) v
                CROSS JOIN LATERAL (%s) an
                %s""".formatted(
                items(), select, fixRows(), fixAnswers("r"), ordered ? "ORDER BY i.id, r.id, c.label DESC" : "");
    }

    /**
     * The prompts of fixed failures (items with an approved fix), for the next model version: the
     * trace id, the model that failed, the bad reply, and the fixes.
     */
    String regression(String select, boolean ordered) {
        return """
                WITH %s
                SELECT %s
                FROM items i
                CROSS JOIN LATERAL (
                    SELECT (SELECT it.metadata ->> 'traceId' FROM item it WHERE it.id = i.id) AS trace_id,
                           max(x.failed_model) AS model, max(x.bad_text) AS bad_reply,
                           array_agg(x.id ORDER BY x.id) AS fix_ids, array_agg(x.annotator ORDER BY x.id) AS fixed_by,
                           array_agg(DISTINCT x.guideline_version) FILTER (WHERE x.guideline_version IS NOT NULL) AS versions,
                           max(x.submitted_at) AS submitted_at
                    FROM (%s) x
                    HAVING count(*) > 0
                ) f
                %s""".formatted(items(), select, fixRows(), ordered ? "ORDER BY i.id" : "");
    }

    /**
     * Item {@code i}'s approved fixes up to the point in time, by the annotator policy: each with
     * its bad reply and every column the pair and KTO lines read.
     */
    private String fixRows() {
        return """
                SELECT 'fix-' || d.id AS chosen, c.external_id AS rejected, d.id, d.id AS ranking_id, NULL::int AS strength,
                       %1$s AS annotator, d.guideline_version, %2$s AS submitted, false AS adjudicated, NULL::text AS decider,
                       false AS judge, NULL::text AS endpoint, NULL::text AS model, NULL::text AS judge_order,
                       NULL::float8 AS margin, 1 AS agreement, 1 AS votes, 1 AS annotators,
                       ARRAY[d.id] AS ranking_ids, ARRAY[%1$s] AS annotator_list,
                       CASE WHEN d.guideline_version IS NULL THEN NULL ELSE ARRAY[d.guideline_version] END AS versions,
                       d.submitted_at, d.content AS fix_text, c.content AS bad_text, c.id AS bad_id, c.model AS failed_model
                FROM candidate c
                JOIN demonstration d ON d.item_id = c.item_id
                CROSS JOIN LATERAL (
                    SELECT rv.decision FROM review rv
                    WHERE rv.demonstration_id = d.id AND rv.created_at <= %3$s
                    ORDER BY rv.created_at DESC, rv.id DESC LIMIT 1
                ) lr
                WHERE c.item_id = i.id AND c.external_id = 'bad-reply' AND c.metadata @> '{"badReply": true}'
                  AND lr.decision = 'APPROVED' AND %4$s AND %5$s""".formatted(
                        values.who("d.author_id"),
                        ExportValues.time("d.submitted_at"),
                        values.asOf(),
                        values.counted("d"),
                        values.trusted("d.author_id"));
    }

    /** The fix and the bad reply of fix row {@code alias} as the answers ({@code an}) of its lines. */
    private static String fixAnswers(String alias) {
        return """
                SELECT jsonb_build_object(%1$s.chosen, jsonb_build_array(jsonb_build_object('role', 'assistant', 'content', %1$s.fix_text))::text,
                           %1$s.rejected, jsonb_build_array(jsonb_build_object('role', 'assistant', 'content', %1$s.bad_text))::text) AS texts,
                       jsonb_build_object(%1$s.chosen, %1$s.id, %1$s.rejected, %1$s.bad_id) AS ids,
                       jsonb_build_object(%1$s.chosen, jsonb_build_object('from', 'gpt', 'value', %1$s.fix_text),
                           %1$s.rejected, jsonb_build_object('from', 'gpt', 'value', %1$s.bad_text)) AS shares""".formatted(alias);
    }

    /** People's majority rows are not a judge's. */
    private static final String PEOPLES_ROWS =
            ", false AS judge, NULL::text AS endpoint, NULL::text AS model, NULL::text AS judge_order";

    /** Under a majority with machine judgments, people's lines of an item come first, then each judge's. */
    private String judgeOrderKey() {
        return judges() ? "v.judge, v.endpoint, v.model, " : "";
    }

    /**
     * Each judge's (endpoint name and model) newest judgment of item {@code i} in both orders up to
     * the point in time, as {@code f} (forward) and {@code rv} (reversed), for an item that people
     * ranked (at least the minimum of annotators): a judge never votes in people's majority, and
     * its verdict counts only where both of its orders agree.
     */
    private String judgeBothOrders() {
        String latest = """
                (SELECT DISTINCT ON (m.endpoint_name, m.model) m.id, m.endpoint_name, m.model, m.tiers, m.created_at
                 FROM machine_judgment m WHERE %s AND m.candidate_order = '%s'
                 ORDER BY m.endpoint_name, m.model, m.created_at DESC, m.id DESC)""";
        return """
                FROM %s f
                JOIN %s rv ON rv.endpoint_name = f.endpoint_name AND rv.model = f.model""".formatted(
                latest.formatted(machineJudgments(), "FORWARD"), latest.formatted(machineJudgments(), "REVERSED"));
    }

    /** The condition that item {@code i} has enough people's rankings for a judge's combined lines. */
    private String peopleRanked() {
        return peopleOfItem() + " >= greatest(" + values.minAnnotators() + ", 1)";
    }

    /**
     * The judges' combined pairs of item {@code i}: the strictly ordered pairs both orders of one
     * judge give (same direction), as rows of the people's majority with {@code judge} true, two
     * votes, no annotators and agreement 1.
     */
    private String judgePairs() {
        String pairs = """
                SELECT a.ext AS chosen, b.ext AS rejected
                FROM jsonb_array_elements(%1$s.tiers) WITH ORDINALITY ta(tier, pos)
                CROSS JOIN LATERAL jsonb_array_elements_text(ta.tier) a(ext)
                CROSS JOIN LATERAL jsonb_array_elements(%1$s.tiers) WITH ORDINALITY tb(tier, pos)
                CROSS JOIN LATERAL jsonb_array_elements_text(tb.tier) b(ext)
                WHERE ta.pos < tb.pos""";
        return """

                    UNION ALL
                    SELECT jp.chosen, jp.rejected, 0::bigint, 2::bigint, ARRAY[f.id, rv.id], NULL::text[], NULL::int[],
                           NULL::float8, greatest(f.created_at, rv.created_at), false, NULL::text, 1::numeric, true,
                           f.endpoint_name, f.model, 'both'
                    %s
                    CROSS JOIN LATERAL (%s INTERSECT %s) jp
                    WHERE %s""".formatted(judgeBothOrders(), pairs.formatted("f"), pairs.formatted("rv"), peopleRanked());
    }

    /**
     * The judges' combined KTO labels of item {@code i}: from tiers (best tier desirable, worst
     * undesirable, single-tier judgments none), kept where both orders of one judge give the
     * candidate the same label.
     */
    private String judgeLabels() {
        String labels = """
                SELECT e.ext, t.pos = 1 AS label
                FROM jsonb_array_elements(%1$s.tiers) WITH ORDINALITY t(tier, pos)
                CROSS JOIN LATERAL jsonb_array_elements_text(t.tier) e(ext)
                WHERE jsonb_array_length(%1$s.tiers) > 1 AND (t.pos = 1 OR t.pos = jsonb_array_length(%1$s.tiers))""";
        return """

                    UNION ALL
                    SELECT lf.ext, 0::bigint, ARRAY[f.id, rv.id], NULL::text[], NULL::int[],
                           greatest(f.created_at, rv.created_at), false, NULL::text, lf.label, 2::bigint, 1::numeric,
                           true, f.endpoint_name, f.model, 'both'
                    %s
                    CROSS JOIN LATERAL (%s) lf
                    JOIN LATERAL (%s) lr ON lr.ext = lf.ext AND lr.label = lf.label
                    WHERE %s""".formatted(judgeBothOrders(), labels.formatted("f"), labels.formatted("rv"), peopleRanked());
    }

    /**
     * One line per item: candidates, every ranking as given (with its rationale), the mean-rank
     * aggregate, and the item's rank-task skips up to the point in time, counted by reason (a fixed
     * list, so every line has the same shape; who skipped and their notes are on the Skips page).
     */
    String itemLines(String select, boolean ordered) {
        return """
                WITH %s, %s
                SELECT %s
                FROM items i
                CROSS JOIN LATERAL (
                    SELECT string_agg('{"judgment_id": ' || r.id || ', "annotator": "' || r.annotator
                               || '", "tiers": ' || r.tiers::text || ', "none_acceptable": ' || r.none_acceptable::text
                               || ', "ratings": ' || %s || ', "flags": ' || %s
                               || ', "strength": ' || COALESCE(r.strength::text, '0')
                               || ', "rationale": ' || to_json(COALESCE(r.rationale, ''))::text
                               || ', "shown_order": ' || r.displayed_order::text
                               || ', "guideline_version": ' || COALESCE(r.guideline_version::text, '0')
                               || ', "submitted_at": "' || r.submitted || '", "late": ' || r.late::text%s || '}',
                               ', ' ORDER BY r.id) AS rankings,
                           string_agg(r.id::text, ', ' ORDER BY r.id) AS ranking_ids,
                           string_agg('"' || r.annotator || '"', ', ' ORDER BY r.id) AS annotators,
                           count(*) AS annotator_count,
                           count(*) FILTER (WHERE r.none_acceptable) AS none_acceptable,
                           array_agg(DISTINCT r.guideline_version) FILTER (WHERE r.guideline_version IS NOT NULL) AS versions,
                           max(r.submitted_at) AS submitted_at
                    FROM (%s) r
                ) p
                CROSS JOIN LATERAL (
                    SELECT '[' || string_agg('{"id": ' || to_json(c.external_id)::text || ', "model": '
                               || to_json(COALESCE(c.model, ''))::text || ', "content": ' || to_json(c.content)::text
                               || '}', ', ' ORDER BY c.id) || ']' AS candidates
                    FROM candidate c WHERE c.item_id = i.id AND c.created_at <= %s
                ) cs
                CROSS JOIN LATERAL (
                    SELECT '{"count": ' || sum(r.n) || ', "by_reason": ['
                               || string_agg('{"reason": "' || r.code || '", "count": ' || r.n || '}', ', ' ORDER BY r.ord)
                               || ']}' AS skips
                    FROM (
                        SELECT v.code, v.ord, count(s.id) AS n
                        FROM (VALUES %s) v(code, ord)
                        LEFT JOIN task_skip s ON s.item_id = i.id AND s.kind = 'RANK' AND s.created_at <= %s
                                             AND s.reason_code = v.code
                        GROUP BY v.code, v.ord
                    ) r
                ) sk
                CROSS JOIN LATERAL (
                    SELECT '[' || string_agg(t.tier, ', ' ORDER BY t.mean_rank) || ']' AS tiers,
                           '[' || string_agg(t.ranks, ', ' ORDER BY t.mean_rank) || ']' AS mean_rank
                    FROM (
                        SELECT m.mean_rank, '[' || string_agg(to_json(m.ext)::text, ', ' ORDER BY m.ext) || ']' AS tier,
                               string_agg('{"candidate": ' || to_json(m.ext)::text || ', "mean_rank": ' || %s || '}',
                                          ', ' ORDER BY m.ext) AS ranks
                        FROM (
                            -- fractional rank: candidates in better tiers + the middle of the own tier
                            SELECT e.ext, round(avg(
                                       (SELECT COALESCE(sum(jsonb_array_length(x.tier)), 0)
                                        FROM jsonb_array_elements(r.tiers) WITH ORDINALITY x(tier, pos) WHERE x.pos < t.pos)
                                       + (jsonb_array_length(t.tier) + 1) / 2.0), 4) AS mean_rank
                            FROM ranking r
                            CROSS JOIN LATERAL jsonb_array_elements(r.tiers) WITH ORDINALITY t(tier, pos)
                            CROSS JOIN LATERAL jsonb_array_elements_text(t.tier) e(ext)
                            WHERE r.item_id = i.id AND %s AND %s AND NOT r.none_acceptable
                            GROUP BY e.ext
                        ) m
                        GROUP BY m.mean_rank
                    ) t
                ) a%s
                WHERE p.annotator_count >= %s
                %s""".formatted(
                items(),
                markNames(),
                select,
                RATINGS_OF_RANKING,
                FLAGS_OF_RANKING,
                judges() ? " || ', \"judge\": false, \"endpoint\": \"\", \"model\": \"\", \"order\": \"\"'" : "",
                itemRankings(),
                values.asOf(),
                SKIP_REASONS,
                values.asOf(),
                ExportValues.decimal("m.mean_rank"),
                values.counted("r"),
                values.trusted("r.annotator_id"),
                judges() ? judgeEntries() : "",
                values.minAnnotators(),
                ordered ? "ORDER BY i.id" : "");
    }

    /** The distinct guideline versions of the judgments of {@code table} ({@code demonstration} or {@code ranking}). */
    String guidelineVersions(String table) {
        return """
                WITH %s
                SELECT version FROM (
                    SELECT DISTINCT j.guideline_version AS version FROM %s j JOIN items i ON i.id = j.item_id
                    WHERE %s AND %s
                ) v WHERE version IS NOT NULL ORDER BY 1""".formatted(items(), table, values.counted("j"), values.trusted("j." + personColumn(table)));
    }

    /**
     * The pseudonyms of the people the annotator policy leaves out who have judgments of {@code
     * table} ({@code demonstration} or {@code ranking}) selected by time and lateness, in order.
     */
    String leftOut(String table) {
        if (values.request().annotators() == AnnotatorPolicy.ALL) {
            return "SELECT ''::text AS pseudonym WHERE false";
        }
        return """
                WITH %s
                SELECT %s AS pseudonym FROM untrusted u
                WHERE EXISTS (SELECT 1 FROM %s j JOIN items i ON i.id = j.item_id WHERE j.%s = u.user_id AND %s)
                ORDER BY 1""".formatted(items(), values.who("u.user_id"), table, personColumn(table), values.counted("j"));
    }

    /** Whose judgment a row of {@code table} is: a demonstration's writer or a ranking's annotator. */
    private static String personColumn(String table) {
        return table.equals("demonstration") ? "author_id" : "annotator_id";
    }

    /**
     * The rankings of item {@code i} that count, each with the number of counted rankings of the
     * item ({@code annotators}), its annotator's pseudonym and its time as text (computed once per
     * ranking: the window function keeps this subquery from being merged into the per-pair query).
     */
    private String itemRankings() {
        return """
                SELECT r.id, r.annotator_id, r.tiers, r.none_acceptable, r.displayed_order, r.ratings, r.flags,
                       r.strength, r.rationale, r.guideline_version, r.submitted_at, r.late,
                       count(*) OVER () AS annotators,
                       %s AS annotator, %s AS submitted
                FROM ranking r
                WHERE r.item_id = i.id AND %s AND %s""".formatted(
                        values.who("r.annotator_id"),
                        ExportValues.time("r.submitted_at"),
                        values.counted("r"),
                        values.trusted("r.annotator_id"));
    }

    /** Whether the request includes machine judgments. */
    private boolean judges() {
        return values.request().withJudges();
    }

    /** With machine judgments, people's lines of an item come before the judge's. */
    private String judgeFirstKey() {
        return judges() ? "r.judge, " : "";
    }

    /**
     * The rows of a raw export of item {@code i}: {@link #rankingsAndDecision} (people's rankings
     * and the deciding ranking), and with machine judgments also the item's machine judgments up to
     * the point in time, each one more row with {@code judge} true, no annotator, and as {@code
     * annotators} the number of people's rankings of the item (a judge is never counted). Rows carry
     * {@code judge}, {@code endpoint}, {@code model} and {@code judge_order} only then.
     */
    private String rawRows() {
        if (!judges()) {
            return rankingsAndDecision(false);
        }
        return """
                SELECT h.*, false AS judge, NULL::text AS endpoint, NULL::text AS model, NULL::text AS judge_order
                FROM (%s) h
                UNION ALL
                SELECT m.id, NULL::bigint, m.tiers, false, m.shown, '{}'::jsonb, '{}'::jsonb, NULL::int, m.rationale,
                       NULL::int, m.created_at, false, %s, NULL::text, %s, false, true, m.endpoint_name, m.model,
                       lower(m.candidate_order)
                FROM machine_judgment m WHERE %s""".formatted(
                rankingsAndDecision(false), peopleOfItem(), ExportValues.time("m.created_at"), machineJudgments());
    }

    /** The machine judgments of item {@code i} (as {@code m}) made up to the point in time. */
    private String machineJudgments() {
        return "m.item_id = i.id AND m.project_id = " + values.project() + " AND m.created_at <= " + values.asOf();
    }

    /** The number of people's counted rankings of item {@code i}. */
    private String peopleOfItem() {
        return "(SELECT count(*) FROM ranking r WHERE r.item_id = i.id AND " + values.counted("r") + " AND "
                + values.trusted("r.annotator_id") + ")";
    }

    /** The item's machine judgments as entries of {@code rankings} ({@code jr.entries}), marked as the judge's. */
    private String judgeEntries() {
        return """

                CROSS JOIN LATERAL (
                    SELECT string_agg('{"judgment_id": ' || m.id || ', "annotator": "", "tiers": ' || m.tiers::text
                               || ', "none_acceptable": false, "ratings": [], "flags": [], "strength": 0'
                               || ', "rationale": ' || to_json(COALESCE(m.rationale, ''))::text
                               || ', "shown_order": ' || m.shown::text
                               || ', "guideline_version": 0, "submitted_at": "' || %s || '", "late": false'
                               || ', "judge": true, "endpoint": ' || to_json(m.endpoint_name)::text
                               || ', "model": ' || to_json(m.model)::text
                               || ', "order": "' || lower(m.candidate_order) || '"}', ', ' ORDER BY m.id) AS entries
                    FROM machine_judgment m WHERE %s
                ) jr""".formatted(ExportValues.time("m.created_at"), machineJudgments());
    }

    /**
     * The rankings of item {@code i} as {@link #itemRankings} gives them, each with {@code
     * adjudicated} false, and the item's deciding ranking ({@code adjudication}, decided up to the
     * point in time) as one more row with {@code adjudicated} true: its reviewer as the annotator,
     * its note as the rationale, the candidates it ranked as the displayed order. For a majority
     * ({@code majority} true) the decision replaces the rankings: an adjudicated item has that one
     * row, counted as one annotator; otherwise it comes beside them, with the item's number of
     * rankings.
     */
    private String rankingsAndDecision(boolean majority) {
        String decision =
                "a.item_id = i.id AND a.project_id = " + values.project() + " AND a.decided_at <= " + values.asOf();
        return """
                SELECT k.*, false AS adjudicated FROM (%s) k
                WHERE %s
                UNION ALL
                SELECT a.id, a.decided_by, a.tiers, a.none_acceptable, a.candidates, a.ratings, a.flags, a.strength,
                       a.note, NULL::int, a.decided_at, false, %s, %s, %s, true
                FROM adjudication a WHERE %s""".formatted(
                        itemRankings(),
                        majority ? "NOT EXISTS (SELECT 1 FROM adjudication a WHERE " + decision + ")" : "true",
                        majority ? "1::bigint" : peopleOfItem(),
                        values.who("a.decided_by"),
                        ExportValues.time("a.decided_at"),
                        decision);
    }

    /** The project's rating dimensions that have a range. */
    private String dims() {
        return """
                dims AS MATERIALIZED (
                    SELECT x.name, x.min, x.max
                    FROM project p CROSS JOIN LATERAL jsonb_to_recordset(p.rating_dimensions) x(name text, min numeric, max numeric)
                    WHERE p.id = %s AND x.max > x.min
                )""".formatted(values.project());
    }

    /**
     * The candidates of item {@code i}: answer messages as JSON text ({@code texts}) and ids, by
     * external id; for LLaMA-Factory also each answer as one sharegpt message ({@code shares}).
     */
    private String itemAnswers() {
        return """
                SELECT jsonb_object_agg(c.external_id,
                           jsonb_build_array(jsonb_build_object('role', 'assistant', 'content', c.content))::text) AS texts,
                       jsonb_object_agg(c.external_id, c.id) AS ids%s
                FROM candidate c WHERE c.item_id = i.id""".formatted(
                        sharegpt()
                                ? ",\n       jsonb_object_agg(c.external_id, jsonb_build_object('from', 'gpt', 'value', c.content)) AS shares"
                                : "");
    }

    /** Whether the format is LLaMA-Factory's (sharegpt messages). */
    private boolean sharegpt() {
        ExportFormat format = values.request().format();
        return format == ExportFormat.LLAMA_FACTORY || format == ExportFormat.LLAMA_FACTORY_KTO;
    }

    /**
     * The item's conversation as LLaMA-Factory's sharegpt messages ({@code conversations}: {@code
     * from} human, gpt or observation and {@code value}) without a leading system message, which
     * is the {@code system} column (JSON text, {@code ""} without one).
     */
    private static final String SHAREGPT_CONVERSATION = """
            ,
                           (SELECT COALESCE(jsonb_agg(jsonb_build_object('from', CASE x.m ->> 'role' WHEN 'user' THEN 'human'
                                        WHEN 'assistant' THEN 'gpt' WHEN 'tool' THEN 'observation' ELSE x.m ->> 'role' END,
                                        'value', COALESCE(x.m ->> 'content', '')) ORDER BY x.o), '[]')
                            FROM jsonb_array_elements(i.messages) WITH ORDINALITY x(m, o)
                            WHERE NOT (x.o = 1 AND x.m ->> 'role' = 'system')) AS conversations,
                           to_json(COALESCE(CASE WHEN i.messages -> 0 ->> 'role' = 'system'
                                   THEN i.messages -> 0 ->> 'content' END, ''))::text AS system""";

    /**
     * The names a ranking's ratings and flags are listed under: the project's rating dimensions
     * ({@code dim_names}) and flags ({@code flag_names}), in the project's order.
     */
    private String markNames() {
        return """
                dim_names AS MATERIALIZED (
                    SELECT x.d ->> 'name' AS name, x.o
                    FROM project p CROSS JOIN LATERAL jsonb_array_elements(p.rating_dimensions) WITH ORDINALITY x(d, o)
                    WHERE p.id = %1$s AND x.d ->> 'name' IS NOT NULL
                ),
                flag_names AS MATERIALIZED (
                    SELECT x.f AS name, x.o
                    FROM project p CROSS JOIN LATERAL jsonb_array_elements_text(p.flags) WITH ORDINALITY x(f, o)
                    WHERE p.id = %1$s
                )""".formatted(values.project());
    }

    /**
     * A ranking's ratings as a JSON list, the same shape on every line: for every shown candidate
     * and every rating dimension (the project's, then any other the ranking rated, by name) one
     * {@code {"candidate", "dimension", "rated", "rating"}}, {@code rating} a float, 0.0 when not rated.
     */
    /** The skip reasons' codes, in the work queue's order ({@code workqueue.SkipReason}). */
    static final List<String> SKIP_REASON_CODES = List.of(
            "unclear_prompt", "needs_expertise", "harmful_content", "broken_item", "conflict_of_interest", "other");

    /** {@link #SKIP_REASON_CODES} as SQL {@code VALUES} rows (code, position). */
    private static final String SKIP_REASONS = IntStream.range(0, SKIP_REASON_CODES.size())
            .mapToObj(n -> "('" + SKIP_REASON_CODES.get(n) + "', " + n + ")")
            .collect(Collectors.joining(", "));

    private static final String RATINGS_OF_RANKING =
            """
            (SELECT '[' || COALESCE(string_agg('{"candidate": ' || to_json(c.ext)::text
                        || ', "dimension": ' || to_json(d.name)::text
                        || ', "rated": ' || (jsonb_typeof(r.ratings -> c.ext -> d.name) IS NOT DISTINCT FROM 'number')::text
                        || ', "rating": ' || CASE WHEN jsonb_typeof(r.ratings -> c.ext -> d.name) = 'number'
                                                  THEN """ + " " + ExportValues.decimal("(r.ratings -> c.ext -> d.name)::float8") + " " + """
                                                  ELSE '0.0' END || '}', ', ' ORDER BY c.o, d.o, d.name), '') || ']'
             FROM jsonb_array_elements_text(r.displayed_order) WITH ORDINALITY c(ext, o)
             CROSS JOIN LATERAL (
                 SELECT n.name, min(n.o) AS o FROM (
                     SELECT dn.name, dn.o FROM dim_names dn
                     UNION ALL
                     SELECT k.name, 2147483647 FROM jsonb_object_keys(CASE WHEN jsonb_typeof(r.ratings -> c.ext) = 'object'
                                                                         THEN r.ratings -> c.ext END) k(name)
                 ) n GROUP BY n.name
             ) d)""";

    /**
     * A ranking's flags as a JSON list, the same shape on every line: for every shown candidate and
     * every flag (the project's, then any other the ranking set, by name) one {@code {"candidate",
     * "flag", "set"}}.
     */
    private static final String FLAGS_OF_RANKING = """
            (SELECT '[' || COALESCE(string_agg('{"candidate": ' || to_json(c.ext)::text
                        || ', "flag": ' || to_json(f.name)::text
                        || ', "set": ' || COALESCE(r.flags -> c.ext @> to_jsonb(f.name), false)::text || '}',
                        ', ' ORDER BY c.o, f.o, f.name), '') || ']'
             FROM jsonb_array_elements_text(r.displayed_order) WITH ORDINALITY c(ext, o)
             CROSS JOIN LATERAL (
                 SELECT n.name, min(n.o) AS o FROM (
                     SELECT fn.name, fn.o FROM flag_names fn
                     UNION ALL
                     SELECT k.name, 2147483647 FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.flags -> c.ext) = 'array'
                                                                                THEN r.flags -> c.ext END) k(name)
                 ) n GROUP BY n.name
             ) f)""";

    /** Every strictly ordered pair of ranking {@code r}: better tier first; ties give none. */
    private static final String PAIRS_OF_RANKING = """
            CROSS JOIN LATERAL jsonb_array_elements(r.tiers) WITH ORDINALITY ta(tier, pos)
            CROSS JOIN LATERAL jsonb_array_elements_text(ta.tier) WITH ORDINALITY a(ext, ord)
            CROSS JOIN LATERAL jsonb_array_elements(r.tiers) WITH ORDINALITY tb(tier, pos)
            CROSS JOIN LATERAL jsonb_array_elements_text(tb.tier) WITH ORDINALITY b(ext, ord)""";

    /**
     * A KTO label for every candidate shown in ranking {@code r}: all undesirable when "none
     * acceptable"; else from the candidate's ratings when it has any (mean of each dimension scaled
     * to 0..1: above 0.5 desirable, below undesirable, exactly 0.5 no label); else from the tiers
     * (best tier desirable, worst undesirable, middle tiers and single-tier rankings no label).
     */
    private static final String LABELS_OF_RANKING = """
            CROSS JOIN LATERAL jsonb_array_elements_text(r.displayed_order) c(ext)
            LEFT JOIN LATERAL (
                SELECT t.pos FROM jsonb_array_elements(r.tiers) WITH ORDINALITY t(tier, pos)
                WHERE t.tier @> jsonb_build_array(c.ext)
            ) tp ON true
            LEFT JOIN LATERAL (
                SELECT avg((e.value::numeric - d.min) / (d.max - d.min)) AS score
                FROM jsonb_each_text(CASE WHEN jsonb_typeof(r.ratings -> c.ext) = 'object' THEN r.ratings -> c.ext END) e
                JOIN dims d ON d.name = e.key
                WHERE e.value ~ '^-?[0-9]+(\\.[0-9]+)?$'
            ) sc ON true
            CROSS JOIN LATERAL (
                SELECT CASE WHEN r.none_acceptable THEN 'none_acceptable'
                            WHEN sc.score IS NOT NULL THEN 'ratings'
                            WHEN jsonb_array_length(r.tiers) > 1 THEN 'tiers' END AS source
            ) src
            CROSS JOIN LATERAL (
                SELECT CASE src.source
                           WHEN 'none_acceptable' THEN false
                           WHEN 'ratings' THEN CASE WHEN sc.score > 0.5 THEN true WHEN sc.score < 0.5 THEN false END
                           WHEN 'tiers' THEN CASE WHEN tp.pos = 1 THEN true
                                                  WHEN tp.pos = jsonb_array_length(r.tiers) THEN false END
                       END AS label
            ) lb""";
}
