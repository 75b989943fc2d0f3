package dev.feedloop.export;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL of every export. PostgreSQL builds each JSON line itself (so Java only pumps bytes),
 * in the style of {@code jsonb::text}: {@code ", "} between elements and {@code ": "} after keys.
 * Strings go through {@code to_json(text)} or {@code jsonb::text}, which escape quotes, backslashes
 * and control characters and keep every other character as UTF-8.
 *
 * <p>No value from a client is put into the text except validated numbers, an {@link Instant}, the
 * seed (letters, digits, {@code . _ -} only) and hex digits of the pseudonym key.
 */
final class ExportSql {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)(?::([^}]+))?}}");

    private static final String TIME = "to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

    /**
     * Items of the project with their split, in id order, limited to the selected part of the split.
     * Every export is driven by this list: each item's judgments are read through per-item LATERAL
     * subqueries (index scans), so lines come out item by item and the final ORDER BY only sorts the
     * few lines of one item (an incremental sort), whatever the size of the export.
     */
    private static final String ITEMS = """
            items AS (
                SELECT i.id, i.external_id, i.messages, i.messages::text AS prompt, s.split
                FROM item i
                CROSS JOIN LATERAL (
                    SELECT CASE WHEN ('x' || '00000000' || left(encode(sha256(convert_to(
                                {{seed}} || ':' || i.external_id, 'UTF8')), 'hex'), 8))::bit(64)::bigint < {{threshold}}
                           THEN 'test' ELSE 'train' END AS split) s
                WHERE i.project_id = {{project}} AND {{splitFilter}}
                ORDER BY i.id
            )""";

    private static final String SFT = """
            WITH {{items}}
            SELECT {{select}}
            FROM items i
            CROSS JOIN LATERAL (
                SELECT d.id, d.content, d.revises_id, d.guideline_version, d.late, b.external_id AS based_on,
                       COALESCE(lr.decision, CASE WHEN d.revises_id IS NULL THEN 'PENDING' ELSE 'APPROVED' END) AS state,
                       {{who:d.author_id}} AS author, {{time:d.submitted_at}} AS submitted
                FROM demonstration d
                LEFT JOIN LATERAL (
                    SELECT v.decision FROM review v
                    WHERE v.demonstration_id = d.id AND v.created_at <= {{asOf}}
                    ORDER BY v.created_at DESC, v.id DESC LIMIT 1
                ) lr ON true
                LEFT JOIN candidate b ON b.id = d.based_on_candidate_id
                WHERE d.item_id = i.id AND d.project_id = {{project}} AND d.submitted_at <= {{asOf}}
                  AND ({{includeLate}} OR NOT d.late)
                OFFSET 0
            ) d
            WHERE d.state IN ({{states}})
            {{order:ORDER BY i.id, d.id}}""";

    private static final String SFT_METADATA = """
            '"metadata": {"item_id": ' || i.id || ', "external_id": ' || to_json(i.external_id)::text
                || ', "split": "' || i.split || '", "judgment_ids": [' || d.id
                || '], "annotators": ["' || d.author || '"], "guideline_versions": ['
                || COALESCE(d.guideline_version::text, '') || '], "submitted_at": "' || d.submitted
                || '", "review": "' || lower(d.state) || '", "revises": ' || COALESCE(d.revises_id::text, 'null')
                || ', "based_on": ' || COALESCE(to_json(d.based_on)::text, 'null')
                || ', "late": ' || d.late::text || '}}'""";

    private static final String SFT_MESSAGES = """
            '{"id": "sft-' || d.id || '", "messages": '
                || (i.messages || jsonb_build_array(jsonb_build_object('role', 'assistant', 'content', d.content)))::text
                || ', ' || {{metadata}}""";

    private static final String SFT_PROMPT_COMPLETION = """
            '{"id": "sft-' || d.id || '", "prompt": ' || i.prompt
                || ', "completion": ' || jsonb_build_array(jsonb_build_object('role', 'assistant', 'content', d.content))::text
                || ', ' || {{metadata}}""";

    /**
     * The rankings of item {@code i} selected by time and lateness, each with the number of
     * selected rankings of the item ({@code annotators}), its annotator's pseudonym and its time as
     * text (computed once per ranking: the window function keeps this subquery from being merged
     * into the per-pair query).
     */
    private static final String ITEM_RANKINGS = """
            SELECT r.id, r.annotator_id, r.tiers, r.none_acceptable, r.displayed_order, r.ratings, r.flags,
                   r.strength, r.rationale, r.guideline_version, r.submitted_at, r.late,
                   count(*) OVER () AS annotators,
                   {{who:r.annotator_id}} AS annotator, {{time:r.submitted_at}} AS submitted
            FROM ranking r
            WHERE r.item_id = i.id AND r.project_id = {{project}} AND r.submitted_at <= {{asOf}}
              AND ({{includeLate}} OR NOT r.late)""";

    /** The candidates of item {@code i}: answer messages as JSON text and ids, by external id. */
    private static final String ITEM_ANSWERS = """
            SELECT jsonb_object_agg(c.external_id,
                       jsonb_build_array(jsonb_build_object('role', 'assistant', 'content', c.content))::text) AS texts,
                   jsonb_object_agg(c.external_id, c.id) AS ids
            FROM candidate c WHERE c.item_id = i.id""";

    /** Every strictly ordered pair of ranking {@code r}: better tier first; ties give none. */
    private static final String PAIRS_OF_RANKING = """
            CROSS JOIN LATERAL jsonb_array_elements(r.tiers) WITH ORDINALITY ta(tier, pos)
            CROSS JOIN LATERAL jsonb_array_elements_text(ta.tier) WITH ORDINALITY a(ext, ord)
            CROSS JOIN LATERAL jsonb_array_elements(r.tiers) WITH ORDINALITY tb(tier, pos)
            CROSS JOIN LATERAL jsonb_array_elements_text(tb.tier) WITH ORDINALITY b(ext, ord)""";

    private static final String RAW_PAIRS = """
            WITH {{items}}
            SELECT {{select}}
            FROM items i
            CROSS JOIN LATERAL ({{itemRankings}}) r
            CROSS JOIN LATERAL ({{itemAnswers}}) an
            {{pairsOfRanking}}
            CROSS JOIN LATERAL (
                SELECT a.ext AS chosen, b.ext AS rejected, r.id AS ranking_id, r.strength, r.annotator,
                       r.guideline_version, r.submitted
            ) v
            WHERE ta.pos < tb.pos AND NOT r.none_acceptable AND r.annotators >= {{minAnnotators}}
              AND an.ids -> a.ext IS NOT NULL AND an.ids -> b.ext IS NOT NULL
            {{order:ORDER BY i.id, r.id, ta.pos, a.ord, tb.pos, b.ord}}""";

    private static final String RAW_PAIR_FIELDS = """
            '{"id": "pair-' || v.ranking_id || '-' || (an.ids ->> v.chosen) || '-' || (an.ids ->> v.rejected)
                || '", ' || {{body}}
                || '"metadata": {"item_id": ' || i.id || ', "external_id": ' || to_json(i.external_id)::text
                || ', "split": "' || i.split || '", "chosen_id": ' || to_json(v.chosen)::text
                || ', "rejected_id": ' || to_json(v.rejected)::text
                || {{metadataMargin}}
                || ', "judgment_ids": [' || v.ranking_id || '], "annotators": ["' || v.annotator
                || '"], "guideline_versions": [' || COALESCE(v.guideline_version::text, '')
                || '], "submitted_at": "' || v.submitted || '"}}'""";

    private static final String MAJORITY_PAIRS = """
            WITH {{items}}
            SELECT {{select}}
            FROM items i
            CROSS JOIN LATERAL (
                SELECT a.ext AS chosen, b.ext AS rejected, max(r.annotators) AS annotators, count(*) AS votes,
                       array_agg(r.id ORDER BY r.id) AS ranking_ids,
                       array_agg(r.annotator ORDER BY r.id) AS annotator_list,
                       array_agg(DISTINCT r.guideline_version) FILTER (WHERE r.guideline_version IS NOT NULL) AS versions,
                       round(avg(r.strength), 4)::float8 AS margin,
                       max(r.submitted_at) AS submitted_at
                FROM ({{itemRankings}}) r
                {{pairsOfRanking}}
                WHERE ta.pos < tb.pos AND NOT r.none_acceptable
                GROUP BY a.ext, b.ext
                HAVING count(*) * 2 > max(r.annotators) AND max(r.annotators) >= {{minAnnotators}}
            ) v
            CROSS JOIN LATERAL ({{itemAnswers}}) an
            WHERE an.ids -> v.chosen IS NOT NULL AND an.ids -> v.rejected IS NOT NULL
            {{order:ORDER BY i.id, (an.ids ->> v.chosen)::bigint, (an.ids ->> v.rejected)::bigint}}""";

    private static final String MAJORITY_PAIR_FIELDS = """
            '{"id": "pair-i' || i.id || '-' || (an.ids ->> v.chosen) || '-' || (an.ids ->> v.rejected)
                || '", ' || {{body}}
                || '"metadata": {"item_id": ' || i.id || ', "external_id": ' || to_json(i.external_id)::text
                || ', "split": "' || i.split || '", "chosen_id": ' || to_json(v.chosen)::text
                || ', "rejected_id": ' || to_json(v.rejected)::text
                || {{metadataMargin}}
                || ', "agreement": ' || round(v.votes::numeric / v.annotators, 4)::float8
                || ', "votes": ' || v.votes || ', "annotator_count": ' || v.annotators
                || ', "judgment_ids": [' || array_to_string(v.ranking_ids, ', ') || '], "annotators": ["'
                || array_to_string(v.annotator_list, '", "')
                || '"], "guideline_versions": [' || COALESCE(array_to_string(v.versions, ', '), '')
                || '], "submitted_at": "' || {{time:v.submitted_at}} || '"}}'""";

    private static final String TRL_BODY = """
            '"prompt": ' || i.prompt
                || ', "chosen": ' || (an.texts ->> v.chosen)
                || ', "rejected": ' || (an.texts ->> v.rejected)
                || COALESCE(', "margin": ' || v.{{marginColumn}}, '') || ', '""";

    private static final String OPENAI_DPO_BODY = """
            '"input": {"messages": ' || i.prompt
                || '}, "preferred_output": ' || (an.texts ->> v.chosen)
                || ', "non_preferred_output": ' || (an.texts ->> v.rejected) || ', '""";

    private static final String DIMS = """
            dims AS MATERIALIZED (
                SELECT x.name, x.min, x.max
                FROM project p CROSS JOIN LATERAL jsonb_to_recordset(p.rating_dimensions) x(name text, min numeric, max numeric)
                WHERE p.id = {{project}} AND x.max > x.min
            )""";

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

    private static final String RAW_KTO = """
            WITH {{items}}, {{dims}}
            SELECT {{select}}
            FROM items i
            CROSS JOIN LATERAL ({{itemRankings}}) r
            CROSS JOIN LATERAL ({{itemAnswers}}) an
            {{labelsOfRanking}}
            WHERE r.annotators >= {{minAnnotators}} AND lb.label IS NOT NULL AND an.ids -> c.ext IS NOT NULL
            {{order:ORDER BY i.id, r.id, (an.ids ->> c.ext)::bigint}}""";

    private static final String RAW_KTO_LINE = """
            '{"id": "kto-' || r.id || '-' || (an.ids ->> c.ext) || '", "prompt": ' || i.prompt
                || ', "completion": ' || (an.texts ->> c.ext) || ', "label": ' || lb.label::text
                || ', "metadata": {"item_id": ' || i.id || ', "external_id": ' || to_json(i.external_id)::text
                || ', "split": "' || i.split || '", "candidate_id": ' || to_json(c.ext)::text
                || ', "source": "' || src.source || '", "judgment_ids": [' || r.id || '], "annotators": ["'
                || r.annotator || '"], "guideline_versions": [' || COALESCE(r.guideline_version::text, '')
                || '], "submitted_at": "' || r.submitted || '"}}'""";

    private static final String MAJORITY_KTO = """
            WITH {{items}}, {{dims}}
            SELECT {{select}}
            FROM items i
            CROSS JOIN LATERAL (
                SELECT t.*, t.desirable * 2 > t.annotators AS label,
                       CASE WHEN t.desirable * 2 > t.annotators THEN t.desirable ELSE t.undesirable END AS votes
                FROM (
                    SELECT c.ext, max(r.annotators) AS annotators,
                           count(*) FILTER (WHERE lb.label) AS desirable,
                           count(*) FILTER (WHERE NOT lb.label) AS undesirable,
                           array_agg(r.id ORDER BY r.id) AS ranking_ids,
                           array_agg(r.annotator ORDER BY r.id) AS annotator_list,
                           array_agg(DISTINCT r.guideline_version) FILTER (WHERE r.guideline_version IS NOT NULL) AS versions,
                           max(r.submitted_at) AS submitted_at
                    FROM ({{itemRankings}}) r
                    {{labelsOfRanking}}
                    GROUP BY c.ext
                ) t
                WHERE (t.desirable * 2 > t.annotators OR t.undesirable * 2 > t.annotators)
                  AND t.annotators >= {{minAnnotators}}
            ) v
            CROSS JOIN LATERAL ({{itemAnswers}}) an
            WHERE an.ids -> v.ext IS NOT NULL
            {{order:ORDER BY i.id, (an.ids ->> v.ext)::bigint}}""";

    private static final String MAJORITY_KTO_LINE = """
            '{"id": "kto-i' || i.id || '-' || (an.ids ->> v.ext) || '", "prompt": ' || i.prompt
                || ', "completion": ' || (an.texts ->> v.ext) || ', "label": ' || v.label::text
                || ', "metadata": {"item_id": ' || i.id || ', "external_id": ' || to_json(i.external_id)::text
                || ', "split": "' || i.split || '", "candidate_id": ' || to_json(v.ext)::text
                || ', "agreement": ' || round(v.votes::numeric / v.annotators, 4)::float8
                || ', "votes": ' || v.votes || ', "annotator_count": ' || v.annotators
                || ', "judgment_ids": [' || array_to_string(v.ranking_ids, ', ') || '], "annotators": ["'
                || array_to_string(v.annotator_list, '", "')
                || '"], "guideline_versions": [' || COALESCE(array_to_string(v.versions, ', '), '')
                || '], "submitted_at": "' || {{time:v.submitted_at}} || '"}}'""";

    /**
     * One line per item: candidates, every ranking as given (with its rationale), the mean-rank
     * aggregate, and in the metadata the item's rank-task skips up to {@code asOf} (who, reason,
     * note, when).
     */
    private static final String ITEM_LINES = """
            WITH {{items}}
            SELECT {{select}}
            FROM items i
            CROSS JOIN LATERAL (
                SELECT string_agg('{"judgment_id": ' || r.id || ', "annotator": "' || r.annotator
                           || '", "tiers": ' || r.tiers::text || ', "none_acceptable": ' || r.none_acceptable::text
                           || ', "ratings": ' || r.ratings::text || ', "flags": ' || r.flags::text
                           || ', "strength": ' || COALESCE(r.strength::text, 'null')
                           || ', "rationale": ' || COALESCE(to_json(r.rationale)::text, 'null')
                           || ', "shown_order": ' || r.displayed_order::text
                           || ', "guideline_version": ' || COALESCE(r.guideline_version::text, 'null')
                           || ', "submitted_at": "' || r.submitted || '", "late": ' || r.late::text || '}',
                           ', ' ORDER BY r.id) AS rankings,
                       string_agg(r.id::text, ', ' ORDER BY r.id) AS ranking_ids,
                       string_agg('"' || r.annotator || '"', ', ' ORDER BY r.id) AS annotators,
                       count(*) AS annotator_count,
                       count(*) FILTER (WHERE r.none_acceptable) AS none_acceptable,
                       array_agg(DISTINCT r.guideline_version) FILTER (WHERE r.guideline_version IS NOT NULL) AS versions,
                       max(r.submitted_at) AS submitted_at
                FROM ({{itemRankings}}) r
            ) p
            CROSS JOIN LATERAL (
                SELECT '[' || string_agg('{"id": ' || to_json(c.external_id)::text || ', "model": '
                           || COALESCE(to_json(c.model)::text, 'null') || ', "content": ' || to_json(c.content)::text
                           || '}', ', ' ORDER BY c.id) || ']' AS candidates
                FROM candidate c WHERE c.item_id = i.id AND c.created_at <= {{asOf}}
            ) cs
            CROSS JOIN LATERAL (
                SELECT '[' || string_agg('{"annotator": "' || {{who:s.user_id}} || '", "reason": '
                           || to_json(s.reason_code)::text || ', "note": ' || COALESCE(to_json(s.reason_text)::text, 'null')
                           || ', "skipped_at": "' || {{time:s.created_at}} || '"}', ', ' ORDER BY s.id) || ']' AS skips
                FROM task_skip s WHERE s.item_id = i.id AND s.kind = 'RANK' AND s.created_at <= {{asOf}}
            ) sk
            CROSS JOIN LATERAL (
                SELECT '[' || string_agg(t.tier, ', ' ORDER BY t.mean_rank) || ']' AS tiers,
                       '{' || string_agg(t.ranks, ', ' ORDER BY t.mean_rank) || '}' AS mean_rank
                FROM (
                    SELECT m.mean_rank, '[' || string_agg(to_json(m.ext)::text, ', ' ORDER BY m.ext) || ']' AS tier,
                           string_agg(to_json(m.ext)::text || ': ' || m.mean_rank::float8, ', ' ORDER BY m.ext) AS ranks
                    FROM (
                        -- fractional rank: candidates in better tiers + the middle of the own tier
                        SELECT e.ext, round(avg(
                                   (SELECT COALESCE(sum(jsonb_array_length(x.tier)), 0)
                                    FROM jsonb_array_elements(r.tiers) WITH ORDINALITY x(tier, pos) WHERE x.pos < t.pos)
                                   + (jsonb_array_length(t.tier) + 1) / 2.0), 4) AS mean_rank
                        FROM ranking r
                        CROSS JOIN LATERAL jsonb_array_elements(r.tiers) WITH ORDINALITY t(tier, pos)
                        CROSS JOIN LATERAL jsonb_array_elements_text(t.tier) e(ext)
                        WHERE r.item_id = i.id AND r.project_id = {{project}} AND r.submitted_at <= {{asOf}}
                          AND ({{includeLate}} OR NOT r.late) AND NOT r.none_acceptable
                        GROUP BY e.ext
                    ) m
                    GROUP BY m.mean_rank
                ) t
            ) a
            WHERE p.annotator_count >= {{minAnnotators}}
            {{order:ORDER BY i.id}}""";

    private static final String ITEM_LINE = """
            '{"id": "item-' || i.id || '", "prompt": ' || i.prompt
                || ', "candidates": ' || COALESCE(cs.candidates, '[]') || ', "rankings": [' || p.rankings
                || '], "aggregate": {"tiers": ' || COALESCE(a.tiers, '[]') || ', "mean_rank": ' || COALESCE(a.mean_rank, '{}')
                || ', "none_acceptable": ' || p.none_acceptable || ', "annotator_count": ' || p.annotator_count
                || '}, "metadata": {"item_id": ' || i.id || ', "external_id": ' || to_json(i.external_id)::text
                || ', "split": "' || i.split || '", "judgment_ids": [' || p.ranking_ids || '], "annotators": ['
                || p.annotators || '], "guideline_versions": [' || COALESCE(array_to_string(p.versions, ', '), '')
                || '], "submitted_at": "' || {{time:p.submitted_at}} || '", "skips": ' || COALESCE(sk.skips, '[]')
                || '}}'""";

    private final ExportRequest request;
    private final long projectId;
    private final byte[] pseudonymKey;

    ExportSql(ExportRequest request, long projectId, byte[] pseudonymKey) {
        this.request = request;
        this.projectId = projectId;
        this.pseudonymKey = pseudonymKey.clone();
    }

    /** The lines of the export, in order: one text column. */
    String lines() {
        return statement(true);
    }

    /** The first {@code limit} lines. */
    String preview(int limit) {
        return statement(true) + "\nLIMIT " + limit;
    }

    /** Rows per split: columns split, rows. */
    String counts() {
        return "SELECT split, count(*) AS rows FROM (\n" + statement(false) + "\n) q GROUP BY split ORDER BY split";
    }

    /** The guideline versions of the selected judgments. */
    String guidelineVersions() {
        String judgments = request.kind() == ExportKind.SFT ? """
                  SELECT DISTINCT d.guideline_version AS version FROM demonstration d JOIN items i ON i.id = d.item_id
                  WHERE d.project_id = {{project}} AND d.submitted_at <= {{asOf}} AND ({{includeLate}} OR NOT d.late)""" : """
                  SELECT DISTINCT r.guideline_version AS version FROM ranking r JOIN items i ON i.id = r.item_id
                  WHERE r.project_id = {{project}} AND r.submitted_at <= {{asOf}} AND ({{includeLate}} OR NOT r.late)""";
        return fill(
                "WITH {{items}}\nSELECT version FROM (" + judgments + ") v WHERE version IS NOT NULL ORDER BY 1",
                Map.of());
    }

    private String statement(boolean lines) {
        String template;
        String line;
        Map<String, String> extra;
        switch (request.format()) {
            case MESSAGES, PROMPT_COMPLETION -> {
                template = SFT;
                line = (request.format() == ExportFormat.MESSAGES ? SFT_MESSAGES : SFT_PROMPT_COMPLETION)
                        .replace("{{metadata}}", SFT_METADATA);
                extra = Map.of("states", states());
            }
            case TRL, OPENAI_DPO -> {
                boolean majority = request.aggregation() == Aggregation.MAJORITY;
                template = majority ? MAJORITY_PAIRS : RAW_PAIRS;
                boolean trl = request.format() == ExportFormat.TRL;
                String marginColumn = majority ? "margin" : "strength";
                line = (majority ? MAJORITY_PAIR_FIELDS : RAW_PAIR_FIELDS)
                        .replace("{{body}}", trl ? TRL_BODY : OPENAI_DPO_BODY)
                        .replace(
                                "{{metadataMargin}}",
                                trl ? "''" : "COALESCE(', \"margin\": ' || v." + marginColumn + ", '')")
                        .replace("{{marginColumn}}", marginColumn);
                extra = Map.of();
            }
            case KTO -> {
                boolean majority = request.aggregation() == Aggregation.MAJORITY;
                template = majority ? MAJORITY_KTO : RAW_KTO;
                line = majority ? MAJORITY_KTO_LINE : RAW_KTO_LINE;
                extra = Map.of();
            }
            case RANKINGS -> {
                template = ITEM_LINES;
                line = ITEM_LINE;
                extra = Map.of();
            }
            default -> throw new IllegalStateException(request.format().name());
        }
        String sql = template.replace("{{itemRankings}}", ITEM_RANKINGS)
                .replace("{{itemAnswers}}", ITEM_ANSWERS)
                .replace("{{pairsOfRanking}}", PAIRS_OF_RANKING)
                .replace("{{labelsOfRanking}}", LABELS_OF_RANKING)
                .replace("{{dims}}", DIMS)
                .replace("{{select}}", lines ? line : "i.split");
        if (!lines) {
            sql = sql.replaceAll("\\{\\{order:[^}]*}}", "");
        }
        return fill(sql, extra);
    }

    private String states() {
        return switch (request.review()) {
            case APPROVED -> "'APPROVED'";
            case APPROVED_PENDING -> "'APPROVED', 'PENDING'";
            case ALL -> "'APPROVED', 'PENDING', 'REJECTED'";
        };
    }

    private String fill(String sql, Map<String, String> extra) {
        String withItems = sql.replace("{{items}}", ITEMS);
        Matcher m = PLACEHOLDER.matcher(withItems);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), m.group(2), extra)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String value(String name, String argument, Map<String, String> extra) {
        return switch (name) {
            case "project" -> Long.toString(projectId);
            case "asOf" -> "'" + request.asOf().toString() + "'::timestamptz";
            case "includeLate" -> Boolean.toString(request.includeLate());
            case "seed" -> "'" + request.seed().replace("'", "''") + "'";
            case "threshold" -> Long.toString(DatasetSplit.threshold(request.testRatio()));
            case "splitFilter" ->
                switch (request.split()) {
                    case ALL -> "true";
                    case TRAIN -> "s.split = 'train'";
                    case TEST -> "s.split = 'test'";
                };
            case "minAnnotators" -> Integer.toString(request.minAnnotators());
            case "who" -> Pseudonyms.sql(pseudonymKey, argument);
            case "time" -> TIME.formatted(argument);
            case "order" -> argument;
            default -> {
                String value = extra.get(name);
                if (value == null) {
                    throw new IllegalStateException("No value for {{" + name + "}}");
                }
                yield value;
            }
        };
    }
}
