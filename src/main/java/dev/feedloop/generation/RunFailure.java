package dev.feedloop.generation;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A failed unit of a run: which item, endpoint and sample, after how many attempts, and why. */
public record RunFailure(
        String itemExternalId,
        String endpointName,
        int sample,
        int attempts,
        @Nullable String code,
        @Nullable String error,
        @Nullable Instant failedAt) {}
