package dev.feedloop.projects;

import java.util.List;

/**
 * A project's settings, as the work queue, the labeling pages and the exports read them: the
 * stored project's id and what its administrator set. The accessors below read through to the
 * definition, so callers write {@code settings.slug()}.
 */
public record ProjectSettings(long id, ProjectDefinition definition) {

    public String slug() {
        return definition.slug();
    }

    public String name() {
        return definition.name();
    }

    public String description() {
        return definition.description();
    }

    public ProjectStatus status() {
        return definition.status();
    }

    public int demonstrationsPerItem() {
        return definition.demonstrationsPerItem();
    }

    public int rankingsPerItem() {
        return definition.rankingsPerItem();
    }

    public int leaseMinutes() {
        return definition.leaseMinutes();
    }

    public boolean tiesAllowed() {
        return definition.tiesAllowed();
    }

    public List<RatingDimension> ratingDimensions() {
        return definition.ratingDimensions();
    }

    public List<String> flags() {
        return definition.flags();
    }

    public boolean hideModelNames() {
        return definition.hideModelNames();
    }

    public boolean pairwiseStrength() {
        return definition.pairwiseStrength();
    }

    public GoldSettings gold() {
        return definition.gold();
    }

    public AgreementSettings agreement() {
        return definition.agreement();
    }

    public boolean handsOutWork() {
        return definition.status() == ProjectStatus.ACTIVE;
    }
}
