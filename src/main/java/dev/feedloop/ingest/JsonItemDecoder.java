package dev.feedloop.ingest;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one JSON value of an import file (a line, or an element of a JSON array) into items:
 * checks that it is an object, tells which format it is in and hands it to that format's decoder.
 *
 * <p>Read as JSON Lines ({@link ImportFormat#JSONL}, "detect"), the first record decides: when it
 * is in one of the dataset formats (Alpaca, HH-RLHF, UltraFeedback, OpenAI, TRL, Feedloop's
 * exports), every record of the file is read in that format; otherwise each line is a Feedloop
 * item, an OpenAssistant tree or a ShareGPT conversation by its own fields. A first record in no
 * known format refuses the file with one problem that says which format it resembles and what it
 * lacks, instead of the same problems on every line. One decoder reads one pass over one file.
 */
final class JsonItemDecoder {

    private static final Set<ImportFormat> PER_LINE =
            Set.of(ImportFormat.JSONL, ImportFormat.OASST, ImportFormat.SHAREGPT);

    private final int maxFieldLength;
    private final Map<ImportFormat, JsonFormatDecoder> decoders = new EnumMap<>(ImportFormat.class);
    private ImportFormat formatRead;
    private ImportFormat locked;
    private boolean first = true;
    private boolean stopped;

    JsonItemDecoder(JsonMapper json, int maxFieldLength) {
        this.maxFieldLength = maxFieldLength;
        decoders.put(ImportFormat.JSONL, new FeedloopItemDecoder(json));
        decoders.put(ImportFormat.SHAREGPT, new ShareGptDecoder(json));
        decoders.put(ImportFormat.OASST, new OpenAssistantDecoder(json));
        decoders.put(ImportFormat.ALPACA, new AlpacaDecoder(json));
        decoders.put(ImportFormat.HH_RLHF, new HhRlhfDecoder(json));
        decoders.put(ImportFormat.ULTRAFEEDBACK, new UltraFeedbackDecoder(json));
        decoders.put(
                ImportFormat.ULTRAFEEDBACK_BINARIZED,
                new PreferencePairDecoder(json, ImportFormat.ULTRAFEEDBACK_BINARIZED));
        decoders.put(ImportFormat.OPENAI_DPO, new PreferencePairDecoder(json, ImportFormat.OPENAI_DPO));
        decoders.put(ImportFormat.TRL, new PreferencePairDecoder(json, ImportFormat.TRL));
        decoders.put(ImportFormat.OPENAI_CHAT, new OpenAiChatDecoder(json));
        decoders.put(ImportFormat.FEEDLOOP_EXPORT, new FeedloopExportDecoder(json));
    }

    /** The format the file was read in: the one named, or the one its first record showed; {@code null} before any record. */
    ImportFormat formatRead() {
        return formatRead;
    }

    /** Decodes {@code node} read from {@code line} as {@code format} and hands items or errors to {@code sink}. */
    void decode(JsonNode node, long line, ImportFormat format, ImportSink sink) {
        if (stopped) {
            return;
        }
        FieldRules rules = new FieldRules(maxFieldLength, line);
        boolean firstRecord = first;
        first = false;
        if (node.isArray()) {
            rules.error(
                    null,
                    "a JSON array where a JSON object is expected: JSON Lines has one item object per line",
                    "ingest.problem.arrayForItem");
            rules.report(sink);
            return;
        }
        if (!node.isObject()) {
            rules.wrongType(null, "must be a JSON object", "ingest.problem.wrongType.object", node);
            rules.report(sink);
            return;
        }
        ImportFormat kind = format;
        if (format == ImportFormat.JSONL) {
            kind = locked != null ? locked : FormatDetection.detect(node);
            if (firstRecord && !PER_LINE.contains(kind)) {
                locked = kind;
            } else if (!PER_LINE.contains(kind) && locked == null) {
                // A file has one format: this record's is not the one the first record gave.
                rules.error(
                        null,
                        "is in the " + kind.title() + " format, while the file is read as Feedloop items"
                                + " (from its first record); a file has one format",
                        "ingest.problem.otherFormat",
                        kind.title());
                rules.report(sink);
                return;
            }
        }
        if (formatRead == null) {
            formatRead = kind;
        }
        if (kind == ImportFormat.JSONL && resemblesAnother(node, rules, firstRecord)) {
            rules.report(sink);
            return;
        }
        List<ItemRecord> items = new ArrayList<>();
        decoders.get(kind).decode(node, rules, items);
        if (firstRecord && format != ImportFormat.JSONL && rules.hasErrors()) {
            ImportFormat detected = FormatDetection.detect(node);
            if (detected != format && detected != ImportFormat.JSONL && rules.lacksRequired()) {
                // Named as one format, the file is in another: one problem says so, instead of
                // the same problems on every record.
                FieldRules mismatch = new FieldRules(maxFieldLength, line);
                mismatch.error(
                        null,
                        "is " + detected.title() + ", not " + format.title() + ": import the file without ?format=,"
                                + " or with ?format=" + detected.parameter(),
                        "ingest.problem.namedFormatMismatch",
                        detected.title(),
                        format.title(),
                        detected.parameter());
                mismatch.report(sink);
                stopped = true;
                return;
            }
            // The file is probably in another format: its first record's problems say so once.
            stopped = !PER_LINE.contains(format) && rules.lacksRequired();
        }
        if (rules.report(sink)) {
            items.forEach(sink::item);
        }
    }

    /**
     * Whether a record read as a Feedloop item is rather another format's with fields missing
     * ("looks like Alpaca but has no instruction"), or, as the file's first record, in no known
     * format at all; one problem is recorded, and after a first record nothing more is read.
     */
    private boolean resemblesAnother(JsonNode node, FieldRules rules, boolean firstRecord) {
        FormatDetection.Resemblance resemblance = FormatDetection.resemblance(node);
        if (resemblance != null) {
            String missing = String.join(", ", resemblance.missing());
            rules.error(
                    null,
                    "looks like " + resemblance.format().title() + " but line " + rules.line() + " has no " + missing,
                    "ingest.problem.resembles",
                    resemblance.format().title(),
                    rules.line(),
                    missing);
            stopped = firstRecord;
            return true;
        }
        boolean ownFields = node.propertyNames().stream().anyMatch(FeedloopItemDecoder.ITEM_FIELDS::contains);
        if (firstRecord && !ownFields) {
            String fields = abbreviate(String.join(", ", node.propertyNames()));
            rules.error(
                    null,
                    "is in no format Feedloop reads (its fields: " + fields + "); name one with ?format="
                            + " (jsonl, alpaca, hh-rlhf, ultrafeedback, ultrafeedback-binarized, openai-chat,"
                            + " openai-dpo, trl, feedloop-export, oasst, sharegpt, csv)",
                    "ingest.problem.unknownFormat",
                    fields);
            stopped = true;
            return true;
        }
        return false;
    }

    /** {@code value}, cut after 40 characters, for quoting it in an error message. */
    static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
