package dev.feedloop.projects;

import java.util.List;

/** A project's settings, as the work queue, the labeling pages and the exports read them. */
public record ProjectSettings(
        long id,
        String slug,
        String name,
        String description,
        ProjectStatus status,
        int demonstrationsPerItem,
        int rankingsPerItem,
        int leaseMinutes,
        boolean tiesAllowed,
        List<RatingDimension> ratingDimensions,
        List<String> flags,
        boolean hideModelNames,
        boolean pairwiseStrength) {

    public boolean handsOutWork() {
        return status == ProjectStatus.ACTIVE;
    }
}
