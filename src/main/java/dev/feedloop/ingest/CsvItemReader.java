package dev.feedloop.ingest;

import dev.feedloop.ingest.ItemRecord.CandidateRecord;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * CSV (RFC 4180, multi-line quoted fields) with a header row. Columns: {@code id} and {@code prompt}
 * (required), {@code system}, {@code priority}, {@code metadata} (a JSON object), {@code gold} (a
 * gold answer as JSON, {@code {"tiers": [["b"], ["a", "c"]]}}), and per candidate
 * {@code candidate.<id>} (its text; an empty cell means no such candidate in that row) with an
 * optional {@code model.<id>} (its model's name).
 */
final class CsvItemReader implements ItemReader {

    static final Set<String> FIXED = Set.of("id", "prompt", "system", "priority", "metadata", "gold");

    private final JsonMapper json;
    private final int maxFieldLength;
    private final long maxRecordLength;

    /** {@code maxRecordLength} (characters) bounds a record, which may span lines in quoted fields. */
    CsvItemReader(JsonMapper json, int maxFieldLength, long maxRecordLength) {
        this.json = json;
        this.maxFieldLength = maxFieldLength;
        this.maxRecordLength = maxRecordLength;
    }

    @Override
    public void read(Reader source, Set<Long> skipLines, ImportSink sink) throws IOException {
        RecordLimit in = new RecordLimit(source, maxRecordLength);
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
                .setIgnoreEmptyLines(true)
                .get();
        CSVParser parser;
        try {
            parser = CSVParser.builder().setReader(in).setFormat(format).get();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            sink.error(headerProblem(e.getMessage()));
            return;
        } catch (CSVException e) {
            // The header row is malformed CSV (such as a JSON Lines file read as CSV): its first record.
            sink.error(recordProblem(1, e.getMessage()));
            return;
        } catch (RecordLimit.TooLong e) {
            sink.error(tooLong(1, in));
            return;
        }
        try (parser) {
            List<String> header = parser.getHeaderNames();
            Map<String, String> candidateColumns = new LinkedHashMap<>();
            Map<String, String> modelColumns = new LinkedHashMap<>();
            if (!header(header, candidateColumns, modelColumns, sink)) {
                return;
            }
            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                long line = parser.getCurrentLineNumber() + 1;
                CSVRecord record;
                in.startRecord();
                try {
                    if (!records.hasNext()) {
                        return;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    sink.error(recordProblem(line, rootMessage(e)));
                    return;
                } catch (RecordLimit.TooLong e) {
                    sink.error(tooLong(line, in));
                    return;
                }
                sink.progress(parser.getCurrentLineNumber());
                if (skipLines.contains(line)) {
                    continue;
                }
                record(record, line, header, candidateColumns, modelColumns, sink);
                if (sink.saturated()) {
                    return;
                }
            }
        }
    }

    private static boolean header(
            List<String> header, Map<String, String> candidates, Map<String, String> models, ImportSink sink) {
        boolean ok = true;
        for (String column : header) {
            if (FIXED.contains(column)) {
                continue;
            }
            if (column.startsWith("candidate.") && column.length() > "candidate.".length()) {
                candidates.put(column.substring("candidate.".length()), column);
            } else if (column.startsWith("model.") && column.length() > "model.".length()) {
                models.put(column.substring("model.".length()), column);
            } else {
                sink.error(ImportError.of(
                        1,
                        column,
                        "unknown column; use id, prompt, system, priority, metadata, gold, candidate.<id> and model.<id>",
                        "ingest.problem.unknownColumn"));
                ok = false;
            }
        }
        for (String required : List.of("id", "prompt")) {
            if (!header.contains(required)) {
                sink.error(ImportError.of(
                        1,
                        required,
                        "the header has no \"" + required + "\" column",
                        "ingest.problem.missingColumn",
                        required));
                ok = false;
            }
        }
        for (String id : models.keySet()) {
            if (!candidates.containsKey(id)) {
                sink.error(ImportError.of(
                        1,
                        "model." + id,
                        "there is no column candidate." + id + " for this model column",
                        "ingest.problem.modelWithoutCandidate",
                        id));
                ok = false;
            }
        }
        for (String id : candidates.keySet()) {
            if (id.length() > FieldRules.MAX_CANDIDATE_ID) {
                sink.error(ImportError.of(
                        1,
                        "candidate." + id,
                        "the candidate id is longer than " + FieldRules.MAX_CANDIDATE_ID + " characters",
                        "ingest.problem.candidateIdTooLong",
                        FieldRules.MAX_CANDIDATE_ID));
                ok = false;
            }
        }
        return ok;
    }

    private void record(
            CSVRecord record,
            long line,
            List<String> header,
            Map<String, String> candidateColumns,
            Map<String, String> modelColumns,
            ImportSink sink) {
        FieldRules rules = new FieldRules(maxFieldLength, line);
        if (record.size() != header.size()) {
            rules.error(
                    null,
                    "has " + record.size() + " fields; the header has " + header.size(),
                    "ingest.problem.fieldCount",
                    record.size(),
                    header.size());
            rules.report(sink);
            return;
        }
        String id = rules.text(record.get("id"), "id", FieldRules.MAX_ITEM_ID);
        String prompt = rules.text(record.get("prompt"), "prompt", maxFieldLength);
        List<Message> messages = new ArrayList<>();
        if (header.contains("system") && !record.get("system").isEmpty()) {
            String system = rules.text(record.get("system"), "system", maxFieldLength);
            if (system != null) {
                messages.add(new Message("system", system));
            }
        }
        if (prompt != null) {
            messages.add(new Message("user", prompt));
        }
        int priority = 0;
        if (header.contains("priority") && !record.get("priority").isBlank()) {
            try {
                priority = Integer.parseInt(record.get("priority").strip());
            } catch (NumberFormatException e) {
                rules.error("priority", "must be a whole number", "ingest.problem.wholeNumber");
            }
        }
        ObjectNode metadata = json.createObjectNode();
        if (header.contains("metadata") && !record.get("metadata").isBlank()) {
            try {
                JsonNode parsed = json.readTree(record.get("metadata"));
                rules.metadata(parsed, "metadata");
                if (parsed.isObject()) {
                    metadata = (ObjectNode) parsed;
                }
            } catch (JacksonException e) {
                rules.error(JsonLinesReader.malformed(line, "metadata", e));
            }
        }
        GoldAnswer gold = null;
        if (header.contains(GoldRules.FIELD) && !record.get(GoldRules.FIELD).isBlank()) {
            try {
                gold = GoldRules.parse(json.readTree(record.get(GoldRules.FIELD)), GoldRules.FIELD, rules);
            } catch (JacksonException e) {
                rules.error(JsonLinesReader.malformed(line, GoldRules.FIELD, e));
            }
        }
        List<CandidateRecord> candidates = new ArrayList<>();
        for (Map.Entry<String, String> column : candidateColumns.entrySet()) {
            String content = record.get(column.getValue());
            if (content.isEmpty()) {
                continue;
            }
            String text = rules.text(content, column.getValue(), maxFieldLength);
            String modelColumn = modelColumns.get(column.getKey());
            String model = null;
            if (modelColumn != null && !record.get(modelColumn).isEmpty()) {
                model = rules.text(record.get(modelColumn), modelColumn, 200);
            }
            candidates.add(
                    new CandidateRecord(column.getValue(), column.getKey(), model, text, json.createObjectNode()));
        }
        if (rules.report(sink)) {
            sink.item(new ItemRecord(line, "", id, List.copyOf(messages), metadata, priority, candidates, gold));
        }
    }

    private static ImportError tooLong(long line, RecordLimit in) {
        return ImportError.of(
                line,
                null,
                "the record is longer than the limit of " + in.limit() + " characters (is a quoted field not closed?)",
                "ingest.problem.recordTooLong",
                in.limit());
    }

    /** The header's problem in plain words (the parser's messages name its own classes and settings). */
    static ImportError headerProblem(String message) {
        String text = message == null ? "" : message;
        Matcher duplicate = DUPLICATE_HEADER.matcher(text);
        if (duplicate.find()) {
            return ImportError.of(
                    1,
                    null,
                    "the header has the column \"" + duplicate.group(1) + "\" twice",
                    "ingest.problem.duplicateColumn",
                    duplicate.group(1));
        }
        if (text.contains("header name is missing")) {
            return ImportError.of(1, null, "a column of the header has no name", "ingest.problem.unnamedColumn");
        }
        return ImportError.of(1, null, "the header row cannot be read", "ingest.problem.headerUnreadable");
    }

    /** A record's problem in plain words. */
    static ImportError recordProblem(long line, String message) {
        String text = message == null ? "" : message;
        if (text.contains("EOF reached before encapsulated token finished")) {
            return ImportError.of(
                    line,
                    null,
                    "malformed CSV: a quoted field is not closed (a closing \" is missing)",
                    "ingest.problem.quoteNotClosed");
        }
        if (text.contains("Invalid character between encapsulated token and delimiter")) {
            return ImportError.of(
                    line,
                    null,
                    "malformed CSV: text follows the closing quote of a field"
                            + " (a quote inside a quoted field must be doubled: \"\")",
                    "ingest.problem.textAfterQuote");
        }
        return ImportError.of(
                line, null, "malformed CSV: the record cannot be read", "ingest.problem.recordUnreadable");
    }

    private static final Pattern DUPLICATE_HEADER = Pattern.compile("duplicate name: \"([^\"]*)\"");

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
