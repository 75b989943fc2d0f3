package dev.feedloop.review;

/**
 * A reviewer decided about a demonstration (there is one decision per demonstration). Published in
 * the decision's transaction.
 *
 * @param editedDemonstrationId the reviewer's corrected version for {@link ReviewDecision#EDITED},
 *     else {@code null}
 */
public record DemonstrationReviewed(
        long projectId,
        long demonstrationId,
        long itemId,
        long reviewId,
        ReviewDecision decision,
        long reviewerId,
        Long editedDemonstrationId) {}
