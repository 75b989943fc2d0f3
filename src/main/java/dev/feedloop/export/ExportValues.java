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
}
