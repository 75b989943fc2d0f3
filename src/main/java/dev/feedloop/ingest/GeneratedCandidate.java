package dev.feedloop.ingest;

import java.util.Map;

/**
 * A model answer made by Feedloop for one of a project's items.
 *
 * @param itemId the item
 * @param externalId the candidate's external id, unique per item: the same generated answer always
 *     gets the same one, so writing it twice keeps one candidate
 * @param model the model that answered
 * @param content the answer
 * @param provenance how it was made (endpoint, parameters, tokens, latency, finish reason, time)
 */
public record GeneratedCandidate(
        long itemId, String externalId, String model, String content, Map<String, Object> provenance) {}
