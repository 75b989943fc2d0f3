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

    /** Items of the project with their split, limited to the selected part of the split. */
    private static final String ITEMS = """
            items AS (
                SELECT i.id, i.external_id, i.messages, s.split
                FROM item i
                CROSS JOIN LATERAL (
                    SELECT CASE WHEN ('x' || '00000000' || left(encode(sha256(convert_to(
                                {{seed}} || ':' || i.external_id, 'UTF8')), 'hex'), 8))::bit(64)::bigint < {{threshold}}
                           THEN 'test' ELSE 'train' END AS split) s
                WHERE i.project_id = {{project}} AND {{splitFilter}}
            )""";

    private static final String SFT = """
            WITH {{items}},
            latest_review AS (
                SELECT DISTINCT ON (v.demonstration_id) v.demonstration_id, v.decision
                FROM review v JOIN demonstration d ON d.id = v.demonstration_id
                WHERE d.project_id = {{project}} AND v.created_at <= {{asOf}}
                ORDER BY v.demonstration_id, v.created_at DESC, v.id DESC
            ),
            demos AS (
                SELECT d.id, d.item_id, d.author_id, d.content, d.revises_id, d.based_on_candidate_id,
                       d.guideline_version, d.submitted_at, d.late,
                       COALESCE(lr.decision, CASE WHEN d.revises_id IS NULL THEN 'PENDING' ELSE 'APPROVED' END) AS state
                FROM demonstration d
                LEFT JOIN latest_review lr ON lr.demonstration_id = d.id
                WHERE d.project_id = {{project}} AND d.submitted_at <= {{asOf}} AND ({{includeLate}} OR NOT d.late)
            )
            SELECT {{select}}
            FROM demos d
            JOIN items i ON i.id = d.item_id
            LEFT JOIN candidate b ON b.id = d.based_on_candidate_id
            WHERE d.state IN ({{states}})
            {{order:ORDER BY i.id, d.id}}""";

    private static final String SFT_METADATA = """
            '"metadata": {"item_id": ' || i.id || ', "external_id": ' || to_json(i.external_id)::text
                || ', "split": "' || i.split || '", "judgment_ids": [' || d.id
                || '], "annotators": ["' || {{who:d.author_id}} || '"], "guideline_versions": ['
                || COALESCE(d.guideline_version::text, '') || '], "submitted_at": "' || {{time:d.submitted_at}}
                || '", "review": "' || lower(d.state) || '", "revises": ' || COALESCE(d.revises_id::text, 'null')
                || ', "based_on": ' || COALESCE(to_json(b.external_id)::text, 'null')
                || ', "late": ' || d.late::text || '}}'""";

    private static final String SFT_MESSAGES = """
            '{"id": "sft-' || d.id || '", "messages": '
                || (i.messages || jsonb_build_array(jsonb_build_object('role', 'assistant', 'content', d.content)))::text
                || ', ' || {{metadata}}""";

    private static final String SFT_PROMPT_COMPLETION = """
            '{"id": "sft-' || d.id || '", "prompt": ' || i.messages::text
                || ', "completion": ' || jsonb_build_array(jsonb_build_object('role', 'assistant', 'content', d.content))::text
                || ', ' || {{metadata}}""";

    /** Rankings selected by time, lateness and the minimum number of annotators of their item. */
    private static final String RANKINGS = """
            WITH {{items}},
            counted AS (
                SELECT r.id, r.item_id, r.annotator_id, r.tiers, r.none_acceptable, r.displayed_order, r.ratings,
                       r.flags, r.strength, r.guideline_version, r.submitted_at, r.late,
                       count(*) OVER (PARTITION BY r.item_id) AS annotators
                FROM ranking r JOIN items i ON i.id = r.item_id
                WHERE r.project_id = {{project}} AND r.submitted_at <= {{asOf}} AND ({{includeLate}} OR NOT r.late)
            ),
            ranked AS (
                SELECT * FROM counted WHERE annotators >= {{minAnnotators}}
            )""";

    /** Every strictly ordered pair of every ranking: better tier first; ties and "none acceptable" give none. */
    private static final String VOTES = """
            votes AS (
                SELECT r.item_id, r.id AS ranking_id, r.annotator_id, r.strength, r.guideline_version, r.submitted_at,
                       r.annotators, a.ext AS chosen, b.ext AS rejected,
                       ta.pos AS chosen_tier, a.ord AS chosen_ord, tb.pos AS rejected_tier, b.ord AS rejected_ord
                FROM ranked r
                CROSS JOIN LATERAL jsonb_array_elements(r.tiers) WITH ORDINALITY ta(tier, pos)
                CROSS JOIN LATERAL jsonb_array_elements_text(ta.tier) WITH ORDINALITY a(ext, ord)
                CROSS JOIN LATERAL jsonb_array_elements(r.tiers) WITH ORDINALITY tb(tier, pos)
                CROSS JOIN LATERAL jsonb_array_elements_text(tb.tier) WITH ORDINALITY b(ext, ord)
                WHERE ta.pos < tb.pos AND NOT r.none_acceptable
            )""";

    private static final String RAW_PAIRS = """
            {{rankings}},
            {{votes}}
            SELECT {{select}}
            FROM votes v
            JOIN items i ON i.id = v.item_id
            JOIN candidate ca ON ca.item_id = v.item_id AND ca.external_id = v.chosen
            JOIN candidate cb ON cb.item_id = v.item_id AND cb.external_id = v.rejected
            {{order:ORDER BY v.item_id, v.ranking_id, v.chosen_tier, v.chosen_ord, v.rejected_tier, v.rejected_ord}}""";

    private static final String RAW_PAIR_FIELDS = """
            '{"id": "pair-' || v.ranking_id || '-' || ca.id || '-' || cb.id || '", ' || {{body}}
                || '"metadata": {"item_id": ' || i.id || ', "external_id": ' || to_json(i.external_id)::text
                || ', "split": "' || i.split || '", "chosen_id": ' || to_json(ca.external_id)::text
                || ', "rejected_id": ' || to_json(cb.external_id)::text
                || {{metadataMargin}}
                || ', "judgment_ids": [' || v.ranking_id || '], "annotators": ["' || {{who:v.annotator_id}}
                || '"], "guideline_versions": [' || COALESCE(v.guideline_version::text, '')
                || '], "submitted_at": "' || {{time:v.submitted_at}} || '"}}'""";

    private static final String MAJORITY_PAIRS = """
            {{rankings}},
            {{votes}},
            agreed AS (
                SELECT v.item_id, v.chosen, v.rejected, max(v.annotators) AS annotators, count(*) AS votes,
                       array_agg(v.ranking_id ORDER BY v.ranking_id) AS ranking_ids,
                       array_agg(v.annotator_id ORDER BY v.ranking_id) AS annotator_ids,
                       array_agg(DISTINCT v.guideline_version) FILTER (WHERE v.guideline_version IS NOT NULL) AS versions,
                       round(avg(v.strength), 4)::float8 AS margin,
                       max(v.submitted_at) AS submitted_at
                FROM votes v
                GROUP BY v.item_id, v.chosen, v.rejected
                HAVING count(*) * 2 > max(v.annotators)
            )
            SELECT {{select}}
            FROM agreed v
            JOIN items i ON i.id = v.item_id
            JOIN candidate ca ON ca.item_id = v.item_id AND ca.external_id = v.chosen
            JOIN candidate cb ON cb.item_id = v.item_id AND cb.external_id = v.rejected
            {{order:ORDER BY v.item_id, ca.id, cb.id}}""";

    private static final String MAJORITY_PAIR_FIELDS = """
            '{"id": "pair-i' || i.id || '-' || ca.id || '-' || cb.id || '", ' || {{body}}
                || '"metadata": {"item_id": ' || i.id || ', "external_id": ' || to_json(i.external_id)::text
                || ', "split": "' || i.split || '", "chosen_id": ' || to_json(ca.external_id)::text
                || ', "rejected_id": ' || to_json(cb.external_id)::text
                || {{metadataMargin}}
                || ', "agreement": ' || round(v.votes::numeric / v.annotators, 4)::float8
                || ', "votes": ' || v.votes || ', "annotator_count": ' || v.annotators
                || ', "judgment_ids": [' || array_to_string(v.ranking_ids, ', ') || '], "annotators": ['
                || (SELECT string_agg('"' || {{who:u.id}} || '"', ', ' ORDER BY u.n)
                    FROM unnest(v.annotator_ids) WITH ORDINALITY u(id, n))
                || '], "guideline_versions": [' || COALESCE(array_to_string(v.versions, ', '), '')
                || '], "submitted_at": "' || {{time:v.submitted_at}} || '"}}'""";

    private static final String TRL_BODY = """
            '"prompt": ' || i.messages::text
                || ', "chosen": ' || jsonb_build_array(jsonb_build_object('role', 'assistant', 'content', ca.content))::text
                || ', "rejected": ' || jsonb_build_array(jsonb_build_object('role', 'assistant', 'content', cb.content))::text
                || COALESCE(', "margin": ' || v.{{marginColumn}}, '') || ', '""";

    private static final String OPENAI_DPO_BODY = """
            '"input": {"messages": ' || i.messages::text
                || '}, "preferred_output": '
                || jsonb_build_array(jsonb_build_object('role', 'assistant', 'content', ca.content))::text
                || ', "non_preferred_output": '
                || jsonb_build_array(jsonb_build_object('role', 'assistant', 'content', cb.content))::text || ', '""";

    /**
     * A KTO label for every candidate shown in every ranking: all undesirable when "none
     * acceptable"; else from the candidate's ratings when it has any (mean of each dimension scaled
     * to 0..1: above 0.5 desirable, below undesirable, exactly 0.5 no label); else from the tiers
     * (best tier desirable, worst undesirable, middle tiers and single-tier rankings no label).
     */
    private static final String LABELS = """
            dims AS (
                SELECT x.name, x.min, x.max
                FROM project p CROSS JOIN LATERAL jsonb_to_recordset(p.rating_dimensions) x(name text, min numeric, max numeric)
                WHERE p.id = {{project}} AND x.max > x.min
            ),
            labels AS (
                SELECT r.item_id, r.id AS ranking_id, r.annotator_id, r.guideline_version, r.submitted_at, r.annotators,
                       c.ext, src.source,
                       CASE src.source
                           WHEN 'none_acceptable' THEN false
                           WHEN 'ratings' THEN CASE WHEN sc.score > 0.5 THEN true WHEN sc.score < 0.5 THEN false END
                           WHEN 'tiers' THEN CASE WHEN tp.pos = 1 THEN true WHEN tp.pos = jsonb_array_length(r.tiers) THEN false END
                       END AS label
                FROM ranked r
                CROSS JOIN LATERAL jsonb_array_elements_text(r.displayed_order) c(ext)
                LEFT JOIN LATERAL (
                    SELECT t.pos FROM jsonb_array_elements(r.tiers) WITH ORDINALITY t(tier, pos) WHERE t.tier @> jsonb_build_array(c.ext)
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
            )""";

    private static final String RAW_KTO = """
            {{rankings}},
            {{labels}}
            SELECT {{select}}
            FROM labels v
            JOIN items i ON i.id = v.item_id
            JOIN candidate c ON c.item_id = v.item_id AND c.external_id = v.ext
            WHERE v.label IS NOT NULL
            {{order:ORDER BY v.item_id, v.ranking_id, c.id}}""";

    private static final String RAW_KTO_LINE = """
            '{"id": "kto-' || v.ranking_id || '-' || c.id || '", "prompt": ' || i.messages::text
                || ', "completion": ' || jsonb_build_array(jsonb_build_object('role', 'assistant', 'content', c.content))::text
                || ', "label": ' || v.label::text
                || ', "metadata": {"item_id": ' || i.id || ', "external_id": ' || to_json(i.external_id)::text
                || ', "split": "' || i.split || '", "candidate_id": ' || to_json(c.external_id)::text
                || ', "source": "' || v.source || '", "judgment_ids": [' || v.ranking_id || '], "annotators": ["'
                || {{who:v.annotator_id}} || '"], "guideline_versions": [' || COALESCE(v.guideline_version::text, '')
                || '], "submitted_at": "' || {{time:v.submitted_at}} || '"}}'""";

    private static final String MAJORITY_KTO = """
            {{rankings}},
            {{labels}},
            tallied AS (
                SELECT v.item_id, v.ext, max(v.annotators) AS annotators,
                       count(*) FILTER (WHERE v.label) AS desirable,
                       count(*) FILTER (WHERE NOT v.label) AS undesirable,
                       array_agg(v.ranking_id ORDER BY v.ranking_id) AS ranking_ids,
                       array_agg(v.annotator_id ORDER BY v.ranking_id) AS annotator_ids,
                       array_agg(DISTINCT v.guideline_version) FILTER (WHERE v.guideline_version IS NOT NULL) AS versions,
                       max(v.submitted_at) AS submitted_at
                FROM labels v
                GROUP BY v.item_id, v.ext
            ),
            agreed AS (
                SELECT t.*, t.desirable * 2 > t.annotators AS label,
                       CASE WHEN t.desirable * 2 > t.annotators THEN t.desirable ELSE t.undesirable END AS votes
                FROM tallied t
                WHERE t.desirable * 2 > t.annotators OR t.undesirable * 2 > t.annotators
            )
            SELECT {{select}}
            FROM agreed v
            JOIN items i ON i.id = v.item_id
            JOIN candidate c ON c.item_id = v.item_id AND c.external_id = v.ext
            {{order:ORDER BY v.item_id, c.id}}""";

    private static final String MAJORITY_KTO_LINE = """
            '{"id": "kto-i' || i.id || '-' || c.id || '", "prompt": ' || i.messages::text
                || ', "completion": ' || jsonb_build_array(jsonb_build_object('role', 'assistant', 'content', c.content))::text
                || ', "label": ' || v.label::text
                || ', "metadata": {"item_id": ' || i.id || ', "external_id": ' || to_json(i.external_id)::text
                || ', "split": "' || i.split || '", "candidate_id": ' || to_json(c.external_id)::text
                || ', "agreement": ' || round(v.votes::numeric / v.annotators, 4)::float8
                || ', "votes": ' || v.votes || ', "annotator_count": ' || v.annotators
                || ', "judgment_ids": [' || array_to_string(v.ranking_ids, ', ') || '], "annotators": ['
                || (SELECT string_agg('"' || {{who:u.id}} || '"', ', ' ORDER BY u.n)
                    FROM unnest(v.annotator_ids) WITH ORDINALITY u(id, n))
                || '], "guideline_versions": [' || COALESCE(array_to_string(v.versions, ', '), '')
                || '], "submitted_at": "' || {{time:v.submitted_at}} || '"}}'""";

    /** One line per item: candidates, every ranking as given, and the mean-rank aggregate. */
    private static final String ITEM_RANKINGS = """
            {{rankings}},
            per_item AS (
                SELECT r.item_id,
                       string_agg('{"judgment_id": ' || r.id || ', "annotator": "' || {{who:r.annotator_id}}
                           || '", "tiers": ' || r.tiers::text || ', "none_acceptable": ' || r.none_acceptable::text
                           || ', "ratings": ' || r.ratings::text || ', "flags": ' || r.flags::text
                           || ', "strength": ' || COALESCE(r.strength::text, 'null')
                           || ', "guideline_version": ' || COALESCE(r.guideline_version::text, 'null')
                           || ', "submitted_at": "' || {{time:r.submitted_at}} || '", "late": ' || r.late::text || '}',
                           ', ' ORDER BY r.id) AS rankings,
                       string_agg(r.id::text, ', ' ORDER BY r.id) AS ranking_ids,
                       string_agg('"' || {{who:r.annotator_id}} || '"', ', ' ORDER BY r.id) AS annotators,
                       count(*) AS annotator_count,
                       count(*) FILTER (WHERE r.none_acceptable) AS none_acceptable,
                       array_agg(DISTINCT r.guideline_version) FILTER (WHERE r.guideline_version IS NOT NULL) AS versions,
                       max(r.submitted_at) AS submitted_at
                FROM ranked r
                GROUP BY r.item_id
            ),
            positions AS (
                SELECT r.item_id, e.ext,
                       (SELECT COALESCE(sum(jsonb_array_length(x.tier)), 0)
                        FROM jsonb_array_elements(r.tiers) WITH ORDINALITY x(tier, pos) WHERE x.pos < t.pos)
                       + (jsonb_array_length(t.tier) + 1) / 2.0 AS rank
                FROM ranked r
                CROSS JOIN LATERAL jsonb_array_elements(r.tiers) WITH ORDINALITY t(tier, pos)
                CROSS JOIN LATERAL jsonb_array_elements_text(t.tier) e(ext)
                WHERE NOT r.none_acceptable
            ),
            mean_ranks AS (
                SELECT item_id, ext, round(avg(rank), 4) AS mean_rank FROM positions GROUP BY item_id, ext
            ),
            consensus_tiers AS (
                SELECT item_id, mean_rank, '[' || string_agg(to_json(ext)::text, ', ' ORDER BY ext) || ']' AS tier
                FROM mean_ranks GROUP BY item_id, mean_rank
            ),
            consensus AS (
                SELECT t.item_id, '[' || string_agg(t.tier, ', ' ORDER BY t.mean_rank) || ']' AS tiers,
                       (SELECT '{' || string_agg(to_json(m.ext)::text || ': ' || m.mean_rank::float8, ', '
                                                 ORDER BY m.mean_rank, m.ext) || '}'
                        FROM mean_ranks m WHERE m.item_id = t.item_id) AS mean_rank
                FROM consensus_tiers t GROUP BY t.item_id
            ),
            candidates AS (
                SELECT c.item_id,
                       '[' || string_agg('{"id": ' || to_json(c.external_id)::text || ', "model": '
                           || COALESCE(to_json(c.model)::text, 'null') || ', "content": ' || to_json(c.content)::text
                           || '}', ', ' ORDER BY c.id) || ']' AS candidates
                FROM candidate c JOIN per_item p ON p.item_id = c.item_id
                WHERE c.created_at <= {{asOf}}
                GROUP BY c.item_id
            )
            SELECT {{select}}
            FROM per_item p
            JOIN items i ON i.id = p.item_id
            LEFT JOIN candidates c ON c.item_id = p.item_id
            LEFT JOIN consensus a ON a.item_id = p.item_id
            {{order:ORDER BY p.item_id}}""";

    private static final String ITEM_RANKINGS_LINE = """
            '{"id": "item-' || i.id || '", "prompt": ' || i.messages::text
                || ', "candidates": ' || COALESCE(c.candidates, '[]') || ', "rankings": [' || p.rankings
                || '], "aggregate": {"tiers": ' || COALESCE(a.tiers, '[]') || ', "mean_rank": ' || COALESCE(a.mean_rank, '{}')
                || ', "none_acceptable": ' || p.none_acceptable || ', "annotator_count": ' || p.annotator_count
                || '}, "metadata": {"item_id": ' || i.id || ', "external_id": ' || to_json(i.external_id)::text
                || ', "split": "' || i.split || '", "judgment_ids": [' || p.ranking_ids || '], "annotators": ['
                || p.annotators || '], "guideline_versions": [' || COALESCE(array_to_string(p.versions, ', '), '')
                || '], "submitted_at": "' || {{time:p.submitted_at}} || '"}}'""";

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
                template = ITEM_RANKINGS;
                line = ITEM_RANKINGS_LINE;
                extra = Map.of();
            }
            default -> throw new IllegalStateException(request.format().name());
        }
        String sql = template.replace("{{rankings}}", RANKINGS)
                .replace("{{votes}}", VOTES)
                .replace("{{labels}}", LABELS)
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
