package dev.feedloop.generation;

import java.util.List;

/**
 * What a project's writers may ask models for: the endpoints they may choose (empty when the
 * project has no model help) and the critique prompt in use.
 */
public record WriterAssist(List<EndpointChoice> endpoints, String critiquePrompt) {

    public boolean available() {
        return !endpoints.isEmpty();
    }

    public boolean allows(long endpointId) {
        return endpoints.stream().anyMatch(e -> e.id() == endpointId);
    }
}
