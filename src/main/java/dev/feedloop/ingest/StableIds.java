package dev.feedloop.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ids derived from content, for records that bring none: the same prompt gives the same item id in
 * every file and every format, so importing a file again changes nothing.
 *
 * <ul>
 *   <li>item: {@code p-} and the first 24 hex digits of SHA-256 of the prompt messages as JSON
 *       without spaces, {@code [{"role":"user","content":"..."}]}, non-ASCII characters as they are
 *       (Python: {@code json.dumps(messages, separators=(",", ":"), ensure_ascii=False)});
 *   <li>candidate: {@code c-} and the first 16 hex digits of SHA-256 of the model name (empty when
 *       none), a line feed, and the answer's text.
 * </ul>
 */
final class StableIds {

    private StableIds() {}

    static String item(JsonMapper json, List<Message> messages) {
        return "p-" + sha256(json.writeValueAsString(messages)).substring(0, 24);
    }

    static String candidate(String model, String content) {
        return "c-" + sha256((model == null ? "" : model) + "\n" + content).substring(0, 16);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
