package dev.feedloop.projects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/** A project's settings row. Reading goes through {@link Projects} (SQL); this entity writes. */
@Entity
@Table(name = "project")
class Project {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String slug;
    private String name;
    private String description;

    @Enumerated(EnumType.STRING)
    private ProjectStatus status;

    private int demonstrationsPerItem;
    private int rankingsPerItem;
    private int leaseMinutes;
    private boolean tiesAllowed;

    /** JSON text of the rating dimensions. */
    @Column(name = "rating_dimensions", columnDefinition = "jsonb")
    @ColumnTransformer(read = "rating_dimensions::text", write = "?::jsonb")
    private String ratingDimensionsJson;

    /** JSON text of the flags. */
    @Column(name = "flags", columnDefinition = "jsonb")
    @ColumnTransformer(read = "flags::text", write = "?::jsonb")
    private String flagsJson;

    private boolean hideModelNames;
    private boolean pairwiseStrength;
    private int goldRate;
    private int goldMinJudgments;
    private int goldThreshold;
    private int agreementThreshold;
    private int maxExtraRankings;
    private int quickSeconds;
    private Long createdBy;
    private Instant createdAt;
    private Instant updatedAt;

    @Version
    private long version;

    protected Project() {}

    Project(String slug, Long createdBy) {
        this.slug = slug;
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
    }

    /** Takes every setting of {@code definition} except the slug, which never changes. */
    void apply(ProjectDefinition definition, String ratingDimensionsJson, String flagsJson) {
        this.name = definition.name();
        this.description = definition.description();
        this.status = definition.status();
        this.demonstrationsPerItem = definition.demonstrationsPerItem();
        this.rankingsPerItem = definition.rankingsPerItem();
        this.leaseMinutes = definition.leaseMinutes();
        this.tiesAllowed = definition.tiesAllowed();
        this.ratingDimensionsJson = ratingDimensionsJson;
        this.flagsJson = flagsJson;
        this.hideModelNames = definition.hideModelNames();
        this.pairwiseStrength = definition.pairwiseStrength();
        this.goldRate = definition.gold().rate();
        this.goldMinJudgments = definition.gold().minimumJudgments();
        this.goldThreshold = definition.gold().thresholdPercent();
        this.agreementThreshold = definition.agreement().thresholdPercent();
        this.maxExtraRankings = definition.agreement().maxExtraRankings();
        this.quickSeconds = definition.agreement().quickSeconds();
        this.updatedAt = Instant.now();
    }

    Long getId() {
        return id;
    }

    String getSlug() {
        return slug;
    }

    long getVersion() {
        return version;
    }
}
