package dev.feedloop.ingest;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * One item read from an import file, already checked on its own (types, texts, role order,
 * candidate ids); what remains to check needs the rest of the file or the database.
 *
 * @param line the line it came from
 * @param path where in the line ({@code ""} for a whole line; a message path in OpenAssistant trees)
 * @param gold the item's gold answer as the line gives it (its shape checked, its candidates not
 *     yet), or {@code null} when the line gives none
 */
record ItemRecord(
        long line,
        String path,
        String externalId,
        List<Message> messages,
        ObjectNode metadata,
        int priority,
        List<CandidateRecord> candidates,
        GoldAnswer gold) {

    ItemRecord(
            long line,
            String path,
            String externalId,
            List<Message> messages,
            ObjectNode metadata,
            int priority,
            List<CandidateRecord> candidates) {
        this(line, path, externalId, messages, metadata, priority, candidates, null);
    }

    /** Field name of {@code field} within this item, for error messages. */
    String field(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    record CandidateRecord(String field, String externalId, String model, String content, ObjectNode metadata) {}
}
