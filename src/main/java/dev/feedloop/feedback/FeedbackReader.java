package dev.feedloop.feedback;

import dev.feedloop.ingest.Message;
import dev.feedloop.problems.Refusal.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and checks one feedback object: {@code traceId} (required, 1 to 200 characters), {@code
 * messages} (OpenAI chat format, system/user/assistant with text content, ending with the
 * assistant's reply after a user turn), {@code model}, {@code rating} ({@code "up"}, {@code
 * "down"} or a number from 1 to 5), {@code comment}, {@code tags} (strings) and {@code metadata}
 * (an object). Every problem is reported with its field; nothing half-read is returned.
 */
final class FeedbackReader {

    static final int MAX_TRACE_ID = 200;
    static final int MAX_MODEL = 200;
    static final int MAX_COMMENT = 10_000;
    static final int MAX_TAGS = 50;
    static final int MAX_TAG = 100;
    static final BigDecimal MIN_SCORE = BigDecimal.ONE;
    static final BigDecimal MAX_SCORE = BigDecimal.valueOf(5);
    private static final Set<String> ROLES = Set.of("system", "user", "assistant");

    private final JsonMapper json;
    private final int maxMessages;

    FeedbackReader(JsonMapper json, int maxMessages) {
        this.json = json;
        this.maxMessages = maxMessages;
    }

    /** The entry, or the problems found (never both). */
    record Read(FeedbackEntry entry, List<FieldError> errors) {}

    Read read(JsonNode node) {
        List<FieldError> errors = new ArrayList<>();
        if (node == null || !node.isObject()) {
            errors.add(new FieldError("", "must be a JSON object"));
            return new Read(null, errors);
        }
        String traceId = text(node, "traceId", MAX_TRACE_ID, true, errors);
        String model = text(node, "model", MAX_MODEL, false, errors);
        List<Message> messages = messages(node.get("messages"), errors);
        String thumb = null;
        BigDecimal score = null;
        JsonNode rating = node.get("rating");
        if (rating == null || rating.isNull()) {
            errors.add(new FieldError("rating", "required: \"up\", \"down\" or a number from 1 to 5"));
        } else if (rating.isString() && Set.of("up", "down").contains(rating.asString())) {
            thumb = rating.asString();
        } else if (rating.isNumber()
                && rating.decimalValue().compareTo(MIN_SCORE) >= 0
                && rating.decimalValue().compareTo(MAX_SCORE) <= 0
                && rating.decimalValue().scale() <= 2) {
            score = rating.decimalValue().stripTrailingZeros();
        } else {
            errors.add(new FieldError(
                    "rating", "must be \"up\", \"down\" or a number from 1 to 5 (two decimals at most)"));
        }
        String comment = text(node, "comment", MAX_COMMENT, false, errors);
        List<String> tags = tags(node.get("tags"), errors);
        Map<String, Object> metadata = Map.of();
        JsonNode meta = node.get("metadata");
        if (meta != null && !meta.isNull()) {
            if (meta.isObject()) {
                if (!storableTree(meta, "metadata", errors)) {
                    return new Read(null, errors);
                }
                metadata = json.convertValue(meta, LinkedHashMap.class);
            } else {
                errors.add(new FieldError("metadata", "must be an object"));
            }
        }
        if (!errors.isEmpty()) {
            return new Read(null, errors);
        }
        return new Read(new FeedbackEntry(traceId, model, messages, thumb, score, comment, tags, metadata), List.of());
    }

    private List<Message> messages(JsonNode array, List<FieldError> errors) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            errors.add(new FieldError("messages", "required: the conversation, ending with the model's reply"));
            return List.of();
        }
        if (array.size() > maxMessages) {
            errors.add(new FieldError("messages", "at most " + maxMessages + " messages"));
            return List.of();
        }
        List<Message> messages = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode message = array.get(i);
            String field = "messages[" + i + "]";
            JsonNode role = message.get("role");
            JsonNode content = message.get("content");
            if (!message.isObject() || role == null || !role.isString() || !ROLES.contains(role.asString())) {
                errors.add(new FieldError(field + ".role", "must be system, user or assistant"));
            } else if (content == null || !content.isString()) {
                errors.add(new FieldError(field + ".content", "must be text"));
            } else if (storable(content.asString(), field + ".content", errors)) {
                messages.add(new Message(role.asString(), content.asString()));
            }
        }
        if (messages.size() == array.size()) {
            Message last = messages.getLast();
            if (!last.role().equals("assistant") || last.content().isBlank()) {
                errors.add(
                        new FieldError("messages", "must end with the model's reply (a non-empty assistant message)"));
            } else if (messages.subList(0, messages.size() - 1).stream()
                    .noneMatch(m -> m.role().equals("user"))) {
                errors.add(new FieldError("messages", "must have a user message before the reply"));
            }
        }
        return messages;
    }

    private static List<String> tags(JsonNode array, List<FieldError> errors) {
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray() || array.size() > MAX_TAGS) {
            errors.add(new FieldError("tags", "must be a list of at most " + MAX_TAGS + " strings"));
            return List.of();
        }
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode tag = array.get(i);
            if (!tag.isString() || tag.asString().isBlank() || tag.asString().length() > MAX_TAG) {
                errors.add(new FieldError("tags[" + i + "]", "must be text of 1 to " + MAX_TAG + " characters"));
            } else if (!storable(tag.asString(), "tags[" + i + "]", errors)) {
                continue;
            } else if (!tags.contains(tag.asString().strip())) {
                tags.add(tag.asString().strip());
            }
        }
        return tags;
    }

    private static String text(JsonNode node, String field, int max, boolean required, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "required"));
            }
            return null;
        }
        if (!value.isString()
                || (required && value.asString().isBlank())
                || value.asString().length() > max) {
            errors.add(new FieldError(field, "must be text of " + (required ? 1 : 0) + " to " + max + " characters"));
            return null;
        }
        return value.asString();
    }

    /**
     * Whether PostgreSQL can store {@code value}: no NUL character (text and jsonb refuse it) and no
     * half of a UTF-16 surrogate pair (it has no UTF-8 form); else an error on {@code field}.
     */
    private static boolean storable(String value, String field, List<FieldError> errors) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                errors.add(new FieldError(field, "contains a NUL character (U+0000), which cannot be stored"));
                return false;
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                errors.add(new FieldError(field, "contains a lone UTF-16 surrogate, which is not a character"));
                return false;
            }
        }
        return true;
    }

    /** {@link #storable} for every name and text inside a metadata object. */
    private static boolean storableTree(JsonNode node, String field, List<FieldError> errors) {
        if (node.isString()) {
            return storable(node.asString(), field, errors);
        }
        if (node.isObject()) {
            for (String name : node.propertyNames()) {
                if (!storable(name, field, errors) || !storableTree(node.get(name), field + "." + name, errors)) {
                    return false;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (!storableTree(node.get(i), field + "[" + i + "]", errors)) {
                    return false;
                }
            }
        }
        return true;
    }
}
