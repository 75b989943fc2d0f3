package dev.feedloop.ingest;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** An item (a prompt): the conversation whose last message is the user's. */
public record ItemView(
        long id, long projectId, String externalId, List<Message> messages, JsonNode metadata, int priority) {}
