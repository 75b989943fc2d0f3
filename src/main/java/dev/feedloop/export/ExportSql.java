package dev.feedloop.export;

/**
 * The SQL of one export. PostgreSQL builds each JSON line itself (so Java only pumps bytes), in
 * the style of {@code jsonb::text}: {@code ", "} between elements and {@code ": "} after keys.
 * Strings go through {@code to_json(text)} or {@code jsonb::text}, which escape quotes,
 * backslashes and control characters and keep every other character as UTF-8. The statements are
 * in {@link ExportQueries}, the lines in {@link ExportLines}, the request's values in {@link
 * ExportValues}.
 */
final class ExportSql {

    private final ExportRequest request;
    private final ExportQueries queries;

    ExportSql(ExportRequest request, long projectId, byte[] pseudonymKey) {
        this.request = request;
        this.queries = new ExportQueries(new ExportValues(request, projectId, pseudonymKey));
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
        return queries.guidelineVersions(request.kind() == ExportKind.PREFERENCES ? "ranking" : "demonstration");
    }

    /** The pseudonyms of the people the annotator policy leaves out (one text column), in order. */
    String leftOut() {
        return queries.leftOut(request.kind() == ExportKind.PREFERENCES ? "ranking" : "demonstration");
    }

    /** The export's lines in order ({@code lines}), or only their split, to count them. */
    private String statement(boolean lines) {
        boolean majority = request.aggregation() == Aggregation.MAJORITY;
        boolean judges = request.withJudges();
        return switch (request.format()) {
            case MESSAGES, PROMPT_COMPLETION ->
                queries.sft(lines ? ExportLines.sft(request.format(), request.lastTurnWeights()) : "i.split", lines);
            case TRL, OPENAI_DPO, LLAMA_FACTORY -> {
                String select =
                        lines ? ExportLines.pair(request.format(), majority, judges, request.omitMargin()) : "i.split";
                String fixes = lines
                        ? ExportLines.pair(request.format(), majority, judges, request.omitMargin(), "fix-pair-")
                        : "i.split";
                yield then(
                        majority ? queries.majorityPairs(select, lines) : queries.rawPairs(select, lines),
                        queries.fixPairs(fixes, lines));
            }
            case KTO, LLAMA_FACTORY_KTO -> {
                String select = lines ? ExportLines.kto(request.format(), majority, judges) : "i.split";
                String fixes = lines ? ExportLines.kto(request.format(), majority, judges, "fix-kto-") : "i.split";
                yield then(
                        majority ? queries.majorityKto(select, lines) : queries.rawKto(select, lines),
                        queries.fixKto(fixes, lines));
            }
            case RANKINGS -> queries.itemLines(lines ? ExportLines.item(judges) : "i.split", lines);
            case REGRESSION -> queries.regression(lines ? ExportLines.regression() : "i.split", lines);
        };
    }

    /**
     * The lines of {@code first}, then those of {@code second} (people's judgments, then the pairs
     * or labels of fixed failures): one statement, each part in its own order.
     */
    private static String then(String first, String second) {
        return "SELECT * FROM (\n" + first + "\n) people\nUNION ALL\nSELECT * FROM (\n" + second + "\n) fixes";
    }
}
