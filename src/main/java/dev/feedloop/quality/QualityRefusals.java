package dev.feedloop.quality;

import dev.feedloop.problems.Refusal;
import org.springframework.http.HttpStatus;

/** The refusals of the quality reports. */
final class QualityRefusals {

    private QualityRefusals() {}

    /** {@code asOf} is not an ISO-8601 instant, or one outside the years 1 to 9999. */
    static Refusal invalidAsOf(String text) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "quality.error.asOf")
                .detail("quality.error.asOf.detail", text)
                .field("asOf");
    }

    /** {@code priors} of the judges report is neither {@code include} nor {@code exclude}. */
    static Refusal unknownPriors(String given) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "quality.error.priors")
                .detail("quality.error.priors.detail", given)
                .field("priors");
    }

    /** One of metadataKey and metadataValue was given without the other. */
    static Refusal incompleteSlice(String missing, String given) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "quality.error.slice")
                .detail("quality.error.sliceIncomplete.detail", missing, given)
                .field(missing);
    }

    /** No item of the project has this metadata key. */
    static Refusal unknownMetadataKey(String key) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "quality.error.slice")
                .detail("quality.error.unknownMetadataKey.detail", key)
                .field("metadataKey");
    }

    /** No item of the project has this value under the metadata key. */
    static Refusal unknownMetadataValue(String key, String value) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "quality.error.slice")
                .detail("quality.error.unknownMetadataValue.detail", key, value)
                .field("metadataValue");
    }

    /** No ranking of the project was made under this guideline version. */
    static Refusal unknownGuidelineVersion(int version) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "quality.error.slice")
                .detail("quality.error.unknownGuidelineVersion.detail", version)
                .field("guidelineVersion");
    }

    static Refusal itemNotFound(String externalId) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text").detail("quality.error.noItem.detail", externalId);
    }

    /** Another reviewer (or tab) decided or cleared the item since this decision was started. */
    static Refusal adjudicationConflict(String externalId, Integer version) {
        return Refusal.of(HttpStatus.CONFLICT, "quality.error.adjudicationConflict")
                .detail("quality.error.adjudicationConflict.detail", externalId, version == null ? 0 : version)
                .code("adjudication-changed");
    }

    static Refusal noAdjudication(String externalId) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text")
                .detail("quality.error.noAdjudication.detail", externalId)
                .code("no-adjudication");
    }

    static Refusal adjudicationTooFew(String externalId) {
        return Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "quality.error.adjudicationTooFew")
                .detail("quality.error.adjudicationTooFew.detail", externalId)
                .code("too-few-candidates");
    }

    static Refusal adjudicationNoteTooLong(int max) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "quality.error.adjudicationNote", max)
                .detail("quality.error.adjudicationNote.detail", max)
                .field("note");
    }

    static Refusal adjudicationLimit(int limit, int max) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "quality.error.adjudicationLimit", max)
                .detail("quality.error.adjudicationLimit.detail", limit, max)
                .field("limit");
    }

    static Refusal adjudicationState(String state) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "quality.error.adjudicationState")
                .detail("quality.error.adjudicationState.detail", state)
                .field("state");
    }
}
