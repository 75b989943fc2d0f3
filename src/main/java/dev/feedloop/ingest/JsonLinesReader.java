package dev.feedloop.ingest;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads JSON Lines (Feedloop items, OpenAssistant trees, ShareGPT conversations and the dataset
 * formats), or a single JSON array of records (as AlpacaEval and ShareGPT publish them), streamed
 * element by element.
 */
final class JsonLinesReader implements ItemReader {

    private final JsonMapper json;
    private final JsonItemDecoder decoder;
    private final ImportFormat format;
    private final long maxLineLength;

    JsonLinesReader(JsonMapper json, JsonItemDecoder decoder, ImportFormat format, long maxLineLength) {
        this.json = json;
        this.decoder = decoder;
        this.format = format;
        this.maxLineLength = maxLineLength;
    }

    @Override
    public void read(Reader source, Set<Long> skipLines, ImportSink sink) throws IOException {
        PushbackReader in = new PushbackReader(source, 1);
        if (startsWithArray(in)) {
            readArray(new RecordLimit(in, maxLineLength), sink);
            return;
        }
        LineReader lines = new LineReader(in, maxLineLength);
        boolean seenContent = false;
        for (String line = lines.next(); line != null; line = lines.next()) {
            long number = lines.lineNumber();
            sink.progress(number);
            if (lines.tooLong()) {
                sink.error(ImportError.of(
                        number,
                        null,
                        "the line is longer than the limit of " + maxLineLength + " characters",
                        "ingest.problem.lineTooLong",
                        maxLineLength));
                if (sink.saturated()) {
                    return;
                }
                continue;
            }
            if (skipLines.contains(number) || line.isBlank()) {
                continue;
            }
            String trimmed = line.strip();
            if (!seenContent && trimmed.equals("[")) {
                sink.error(ImportError.of(
                        number,
                        null,
                        "a JSON array where JSON Lines are expected: put one item object on each line"
                                + " (for example with: jq -c '.[]' file.json)",
                        "ingest.problem.arrayForLines"));
                return;
            }
            seenContent = true;
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (JacksonException e) {
                sink.error(malformed(number, null, e));
                if (sink.saturated()) {
                    return;
                }
                continue;
            }
            decoder.decode(node, number, format, sink);
            if (sink.saturated()) {
                return;
            }
        }
    }

    private void readArray(RecordLimit in, ImportSink sink) {
        ObjectReader elements = json.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        try (JsonParser parser = json.createParser(in)) {
            parser.nextToken();
            while (true) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    sink.error(ImportError.of(
                            parser.currentLocation().getLineNr(),
                            null,
                            "the JSON array is not closed",
                            "ingest.problem.arrayNotClosed"));
                    return;
                }
                if (token == JsonToken.END_ARRAY) {
                    return;
                }
                long line = parser.currentTokenLocation().getLineNr();
                sink.progress(line);
                in.startRecord();
                JsonNode node;
                try {
                    node = elements.readValue(parser);
                } catch (RecordLimit.TooLong e) {
                    sink.error(ImportError.of(
                            line,
                            null,
                            "the conversation is longer than the limit of " + in.limit() + " characters",
                            "ingest.problem.conversationTooLong",
                            in.limit()));
                    return;
                }
                decoder.decode(node, line, format, sink);
                if (sink.saturated()) {
                    return;
                }
            }
        } catch (JacksonException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            sink.error(malformed(line, null, e));
        }
    }

    @Override
    public ImportFormat formatRead() {
        return decoder.formatRead() == null ? format : decoder.formatRead();
    }

    /** Whether the file's first character opens a JSON array (it is put back either way). */
    private static boolean startsWithArray(PushbackReader in) throws IOException {
        int c = in.read();
        if (c >= 0) {
            in.unread(c);
        }
        return c == '[';
    }

    /** Malformed JSON at {@code line}: the parser's reason (in English) is the last argument. */
    static ImportError malformed(long line, String field, JacksonException e) {
        String reason = MalformedJson.reason(e);
        if (e.getLocation() == null || e.getLocation().getColumnNr() < 1) {
            return ImportError.of(line, field, "malformed JSON: " + reason, "ingest.problem.malformedJson", reason);
        }
        int column = e.getLocation().getColumnNr();
        return ImportError.of(
                line,
                field,
                "malformed JSON at column " + column + ": " + reason,
                "ingest.problem.malformedJsonAt",
                column,
                reason);
    }
}
