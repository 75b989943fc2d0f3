package dev.feedloop.review;

import java.time.Instant;

/**
 * A stored review decision.
 *
 * @param editedDemonstrationId for {@link ReviewDecision#EDITED}: the reviewer's version
 */
public record ReviewView(
        long id,
        long demonstrationId,
        long reviewerId,
        ReviewDecision decision,
        String comment,
        Long editedDemonstrationId,
        Instant createdAt) {}
