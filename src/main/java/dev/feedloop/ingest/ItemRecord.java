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
 * @param priors the judgments the file already holds about the item's candidates (preferences,
 *     ratings, rankings, labels), by candidate id; empty for formats without any
 * @param repeatable whether further lines of the file may give the same item again (adding
 *     candidates and prior judgments): true for formats with one line per pair or per candidate,
 *     and for ids derived from the prompt
 */
record ItemRecord(
        long line,
        String path,
        String externalId,
        List<Message> messages,
        ObjectNode metadata,
        int priority,
        List<CandidateRecord> candidates,
        GoldAnswer gold,
        List<PriorRecord> priors,
        boolean repeatable) {

    ItemRecord(
            long line,
            String path,
            String externalId,
            List<Message> messages,
            ObjectNode metadata,
            int priority,
            List<CandidateRecord> candidates,
            GoldAnswer gold) {
        this(line, path, externalId, messages, metadata, priority, candidates, gold, List.of(), false);
    }

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

    /** This item with other candidates, gold answer and prior judgments. */
    ItemRecord with(List<CandidateRecord> candidates, GoldAnswer gold, List<PriorRecord> priors) {
        return new ItemRecord(
                line, path, externalId, messages, metadata, priority, candidates, gold, priors, repeatable);
    }

    record CandidateRecord(String field, String externalId, String model, String content, ObjectNode metadata) {}

    /**
     * A judgment found in the file.
     *
     * @param kind {@code preference} ({@code {"chosen", "rejected", "margin"?}}), {@code ratings}
     *     ({@code {"scores": {candidate: number}}}), {@code ranking} ({@code {"tiers": [[...]]}}) or
     *     {@code label} ({@code {"candidate", "label": true|false}})
     * @param judgment the judgment, naming candidates by their ids
     */
    record PriorRecord(String kind, ObjectNode judgment) {}
}
