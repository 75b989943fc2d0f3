package dev.feedloop.labeling;

import java.time.Instant;

/**
 * A draft a model wrote into the write page's editor: the starting point of an answer when the
 * writer did not start from a candidate after it. Untrusted model output.
 *
 * @param stopped the writer stopped it (or the call failed) before the model finished
 */
public record ModelDraft(
        long id, String content, String endpointName, String model, boolean stopped, Instant createdAt) {}
