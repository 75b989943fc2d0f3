package dev.feedloop.projects.web;

import dev.feedloop.projects.AgreementSettings;
import dev.feedloop.projects.GoldSettings;
import dev.feedloop.projects.ProjectDefinition;
import dev.feedloop.projects.ProjectStatus;
import dev.feedloop.projects.RatingDimension;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * The create and edit form of a project. Rating dimensions come as three parallel lists (one entry
 * per row of the editable table, in page order); rows with a blank name are dropped, as are blank
 * flags.
 */
record ProjectForm(
        String slug,

        @NotBlank @Size(max = 200, message = "{projects.error.name}")
        String name,

        @Size(max = 10_000, message = "{projects.error.description}")
        String description,

        @NotNull(message = "{projects.error.status}") ProjectStatus status,

        @NotNull(message = "{projects.error.range}")
        @Min(value = 0, message = "{projects.error.range}")
        @Max(value = 50, message = "{projects.error.range}")
        Integer demonstrationsPerItem,

        @NotNull(message = "{projects.error.range}")
        @Min(value = 0, message = "{projects.error.range}")
        @Max(value = 50, message = "{projects.error.range}")
        Integer rankingsPerItem,

        @NotNull(message = "{projects.error.range}")
        @Min(value = 1, message = "{projects.error.range}")
        @Max(value = 1440, message = "{projects.error.range}")
        Integer leaseMinutes,

        Boolean tiesAllowed,
        List<String> dimensionName,
        List<String> dimensionMin,
        List<String> dimensionMax,
        List<String> flags,
        Boolean hideModelNames,
        Boolean pairwiseStrength,

        @Min(value = 0, message = "{projects.error.range}") @Max(value = 1000, message = "{projects.error.range}")
        Integer goldRate,

        @Min(value = 1, message = "{projects.error.range}") @Max(value = 1000, message = "{projects.error.range}")
        Integer goldMinJudgments,

        @Min(value = 0, message = "{projects.error.range}") @Max(value = 100, message = "{projects.error.range}")
        Integer goldThreshold,

        @Min(value = 0, message = "{projects.error.range}") @Max(value = 100, message = "{projects.error.range}")
        Integer agreementThreshold,

        @Min(value = 0, message = "{projects.error.range}") @Max(value = 20, message = "{projects.error.range}")
        Integer maxExtraRankings,

        @Min(value = 0, message = "{projects.error.range}") @Max(value = 3600, message = "{projects.error.range}")
        Integer quickSeconds,

        String guidelines) {

    static ProjectForm of(ProjectDefinition d, String guidelines) {
        return new ProjectForm(
                d.slug(),
                d.name(),
                d.description(),
                d.status(),
                d.demonstrationsPerItem(),
                d.rankingsPerItem(),
                d.leaseMinutes(),
                d.tiesAllowed(),
                d.ratingDimensions().stream().map(RatingDimension::name).toList(),
                d.ratingDimensions().stream().map(r -> String.valueOf(r.min())).toList(),
                d.ratingDimensions().stream().map(r -> String.valueOf(r.max())).toList(),
                d.flags(),
                d.hideModelNames(),
                d.pairwiseStrength(),
                d.gold().rate(),
                d.gold().minimumJudgments(),
                d.gold().thresholdPercent(),
                d.agreement().thresholdPercent(),
                d.agreement().maxExtraRankings(),
                d.agreement().quickSeconds(),
                guidelines);
    }

    /** The dimension rows of the form, blank rows left out; a bound that is not a number reads as -1. */
    public List<RatingDimension> ratingDimensions() {
        List<RatingDimension> result = new ArrayList<>();
        List<String> names = dimensionName == null ? List.of() : dimensionName;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || name.isBlank()) {
                continue;
            }
            result.add(new RatingDimension(name.strip(), number(dimensionMin, i), number(dimensionMax, i)));
        }
        return result;
    }

    public List<String> cleanFlags() {
        return flags == null
                ? List.of()
                : flags.stream()
                        .filter(f -> f != null && !f.isBlank())
                        .map(String::strip)
                        .toList();
    }

    ProjectDefinition toDefinition() {
        return new ProjectDefinition(
                slug,
                name,
                description,
                status,
                demonstrationsPerItem,
                rankingsPerItem,
                leaseMinutes,
                Boolean.TRUE.equals(tiesAllowed),
                ratingDimensions(),
                cleanFlags(),
                Boolean.TRUE.equals(hideModelNames),
                Boolean.TRUE.equals(pairwiseStrength),
                gold(),
                agreement());
    }

    /** The gold settings; a field the form did not send takes its default. */
    GoldSettings gold() {
        GoldSettings d = GoldSettings.DEFAULT;
        return new GoldSettings(
                goldRate != null ? goldRate : d.rate(),
                goldMinJudgments != null ? goldMinJudgments : d.minimumJudgments(),
                goldThreshold != null ? goldThreshold : d.thresholdPercent());
    }

    /** The agreement settings; a field the form did not send takes its default. */
    AgreementSettings agreement() {
        AgreementSettings d = AgreementSettings.DEFAULT;
        return new AgreementSettings(
                agreementThreshold != null ? agreementThreshold : d.thresholdPercent(),
                maxExtraRankings != null ? maxExtraRankings : d.maxExtraRankings(),
                quickSeconds != null ? quickSeconds : d.quickSeconds());
    }

    /** Rows to show when the form is re-rendered: the dimensions as typed, at least none. */
    public List<DimensionRow> dimensionRows() {
        List<DimensionRow> rows = new ArrayList<>();
        List<String> names = dimensionName == null ? List.of() : dimensionName;
        for (int i = 0; i < names.size(); i++) {
            rows.add(new DimensionRow(names.get(i), text(dimensionMin, i), text(dimensionMax, i)));
        }
        return rows;
    }

    public record DimensionRow(String name, String min, String max) {}

    private static int number(List<String> values, int index) {
        String text = text(values, index);
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String text(List<String> values, int index) {
        return values == null || index >= values.size() || values.get(index) == null ? "" : values.get(index);
    }
}
