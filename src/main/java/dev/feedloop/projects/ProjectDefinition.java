package dev.feedloop.projects;

import java.util.List;

/**
 * What an administrator sets when creating or editing a project. The slug is fixed once the
 * project exists (it is in every URL); editing ignores it.
 *
 * @param demonstrationsPerItem ideal answers wanted per item; 0 means no write tasks
 * @param rankingsPerItem rankings wanted per item with two or more candidates; 0 means no rank tasks
 * @param leaseMinutes how long a claimed task stays with a person who stopped heartbeating
 * @param ratingDimensions scales annotators rate each candidate on (may be empty)
 * @param flags problems annotators can mark on a candidate (may be empty)
 * @param pairwiseStrength ask how much better the preferred answer is when an item has two candidates
 * @param gold how often gold tasks are handed out and when failing them pauses a person
 * @param agreement when disagreeing items get extra rankings, and what counts as a quick judgment
 */
public record ProjectDefinition(
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
        boolean pairwiseStrength,
        GoldSettings gold,
        AgreementSettings agreement) {

    /** The InstructGPT-style defaults of a new project. */
    public static final List<RatingDimension> DEFAULT_DIMENSIONS = List.of(
            new RatingDimension("helpfulness", 1, 7),
            new RatingDimension("truthfulness", 1, 7),
            new RatingDimension("harmlessness", 1, 7));

    public static final List<String> DEFAULT_FLAGS =
            List.of("hallucination", "harmful", "refusal", "fails_instruction", "personal_data");

    /** A new project's settings with every default filled in. */
    public static ProjectDefinition defaults(String slug, String name) {
        return new ProjectDefinition(
                slug,
                name,
                "",
                ProjectStatus.DRAFT,
                1,
                3,
                30,
                true,
                DEFAULT_DIMENSIONS,
                DEFAULT_FLAGS,
                true,
                false,
                GoldSettings.DEFAULT,
                AgreementSettings.DEFAULT);
    }
}
