package dev.feedloop.export;

/**
 * The values of one export request as SQL literals. No value from a client is put into the SQL
 * text except validated numbers, an {@link java.time.Instant}, the seed (letters, digits, {@code .
 * _ -} only) and hex digits of the pseudonym key.
 */
final class ExportValues {

    private final ExportRequest request;
    private final long projectId;
    private final byte[] pseudonymKey;

    ExportValues(ExportRequest request, long projectId, byte[] pseudonymKey) {
        this.request = request;
        this.projectId = projectId;
        this.pseudonymKey = pseudonymKey.clone();
    }

    ExportRequest request() {
        return request;
    }

    String project() {
        return Long.toString(projectId);
    }

    /** The export's point in time. */
    String asOf() {
        return "'" + request.asOf().toString() + "'::timestamptz";
    }

    /**
     * The judgments (rows of {@code demonstration} or {@code ranking} as {@code alias}) of the
     * project that count: submitted up to the point in time, late ones only if asked for.
     */
    String counted(String alias) {
        return alias + ".project_id = " + project() + " AND " + alias + ".submitted_at <= " + asOf() + " AND ("
                + request.includeLate() + " OR NOT " + alias + ".late)";
    }

    /**
     * The people whose judgments the policy leaves out, as a WITH-list entry {@code untrusted(user_id)}
     * after a comma (nothing when everyone counts), computed once per statement as of the export's
     * instant: members paused then, and everyone whose gold accuracy over all their gold rankings up
     * to then is below the project's threshold after at least its minimum of gold judgments. Gold
     * accuracy is {@code quality.GoldAccuracy}'s: every pair of candidates the gold answer places,
     * agreed when the ranking places both with the same verdict (better, tie, worse).
     */
    String untrustedPeople() {
        if (request.annotators() == AnnotatorPolicy.ALL) {
            return "";
        }
        return """
                ,
                untrusted AS MATERIALIZED (
                    SELECT m.user_id FROM project_member m
                    WHERE m.project_id = %1$s AND m.paused_at <= %2$s
                    UNION
                    SELECT g.annotator_id
                    FROM (
                        SELECT r.annotator_id, count(*) AS judgments, sum(q.pairs) AS pairs, sum(q.agreed) AS agreed
                        FROM ranking r
                        JOIN task t ON t.id = r.task_id AND t.gold_for = r.annotator_id
                        JOIN item_gold ig ON ig.item_id = r.item_id
                        CROSS JOIN LATERAL (
                            WITH placed AS (
                                SELECT gt.pos, ge.ord, (
                                           SELECT x.pos FROM jsonb_array_elements(r.tiers) WITH ORDINALITY x(tier, pos)
                                           WHERE x.tier @> jsonb_build_array(ge.ext)) AS given
                                FROM jsonb_array_elements(ig.tiers) WITH ORDINALITY gt(tier, pos)
                                CROSS JOIN LATERAL jsonb_array_elements_text(gt.tier) WITH ORDINALITY ge(ext, ord)
                            )
                            SELECT count(*) AS pairs,
                                   count(*) FILTER (WHERE sign(b.given - a.given) = sign(b.pos - a.pos)) AS agreed
                            FROM placed a JOIN placed b ON (a.pos, a.ord) < (b.pos, b.ord)
                        ) q
                        WHERE r.project_id = %1$s AND r.submitted_at <= %2$s
                        GROUP BY r.annotator_id
                    ) g
                    JOIN project p ON p.id = %1$s
                    WHERE g.judgments >= p.gold_min_judgments AND g.pairs > 0
                      AND g.agreed * 100 < p.gold_threshold * g.pairs
                )""".formatted(project(), asOf());
    }

    /** The condition that the judgments of the person {@code personSql} count under the policy. */
    String trusted(String personSql) {
        return request.annotators() == AnnotatorPolicy.ALL
                ? "true"
                : personSql + " NOT IN (SELECT user_id FROM untrusted)";
    }

    String minAnnotators() {
        return Integer.toString(request.minAnnotators());
    }

    String seed() {
        return "'" + request.seed().replace("'", "''") + "'";
    }

    /** Below this value of an item's hash it is in the test split. */
    String testThreshold() {
        return Long.toString(DatasetSplit.threshold(request.testRatio()));
    }

    /** The condition on the split column {@code s.split} that selects the asked-for part. */
    String splitFilter() {
        return switch (request.split()) {
            case ALL -> "true";
            case TRAIN -> "s.split = 'train'";
            case TEST -> "s.split = 'test'";
        };
    }

    /** The condition that item {@code i} came in during the request's round ({@code true} without one). */
    String roundFilter() {
        if (request.round() == null) {
            return "true";
        }
        String starts = "i.created_at >= '" + request.round().startsAt() + "'::timestamptz";
        return request.round().endsAt() == null
                ? starts
                : starts + " AND i.created_at < '" + request.round().endsAt() + "'::timestamptz";
    }

    /** The review states of demonstrations to export. */
    String reviewStates() {
        return switch (request.review()) {
            case APPROVED -> "'APPROVED'";
            case APPROVED_PENDING -> "'APPROVED', 'PENDING'";
            case ALL -> "'APPROVED', 'PENDING', 'REJECTED'";
        };
    }

    /** The project's pseudonym of the user whose id is {@code userIdSql}. */
    String who(String userIdSql) {
        return Pseudonyms.sql(pseudonymKey, userIdSql);
    }

    /** {@code timestampSql} as ISO-8601 UTC text with milliseconds. */
    static String time(String timestampSql) {
        return "to_char(" + timestampSql + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
    }

    /**
     * The number {@code numberSql} as JSON text that is always a float ({@code 1.0}, not {@code 1}),
     * so that a column whose first values are whole numbers has the same JSON type as later
     * fractions; NULL stays NULL.
     */
    static String decimal(String numberSql) {
        String f = "(" + numberSql + ")::float8";
        return "CASE WHEN " + f + " = trunc(" + f + ") AND abs(" + f + ") < 1e15 THEN trunc(" + f
                + ")::numeric::text || '.0' ELSE " + f + "::text END";
    }

    /** {@code textSql} as a JSON string, {@code ""} when NULL. */
    static String string(String textSql) {
        return "to_json(COALESCE(" + textSql + ", ''))::text";
    }
}
