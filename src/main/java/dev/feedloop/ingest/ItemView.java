package dev.feedloop.ingest;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An item as other modules read it: the conversation to answer (an optional system message, then
 * alternating user and assistant turns, the last one the user's), its metadata and priority.
 */
public record ItemView(
        long id, long projectId, String externalId, List<Message> messages, JsonNode metadata, int priority) {}
