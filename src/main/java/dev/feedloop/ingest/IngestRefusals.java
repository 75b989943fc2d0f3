package dev.feedloop.ingest;

import dev.feedloop.problems.Refusal;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * The refusals of the ingest use cases. A refusal of a file that was recorded as an import names it
 * under {@code importId}; the problems found in the file are listed under {@code errors}.
 */
public final class IngestRefusals {

    private IngestRefusals() {}

    /** The import a refusal is about, when one was recorded. */
    public static Long importId(Refusal refusal) {
        return refusal.property("importId") instanceof Number n ? n.longValue() : null;
    }

    /** The problems found in an import file (empty for other refusals). */
    @SuppressWarnings("unchecked")
    static List<ImportError> errors(Refusal refusal) {
        return refusal.property("errors") instanceof List<?> list
                        && !list.isEmpty()
                        && list.getFirst() instanceof ImportError
                ? (List<ImportError>) list
                : List.of();
    }

    static Refusal itemNotFound(long id) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text").detail("ingest.error.noItem.detail", id);
    }

    static Refusal noSuchItem(String externalId) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text").detail("ingest.error.noSuchItem.detail", externalId);
    }

    static Refusal noGold(String externalId) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text").detail("ingest.error.noGold.detail", externalId);
    }

    static Refusal adminOnlyGold() {
        return Refusal.of(HttpStatus.FORBIDDEN, "error.403.text").detail("ingest.error.adminOnlyGold.detail");
    }

    static Refusal adminOnlyExclusion() {
        return Refusal.of(HttpStatus.FORBIDDEN, "error.403.text").detail("ingest.error.adminOnlyExclusion.detail");
    }

    /** An exclusion's reason is too long: 422 naming the field {@code reason}. */
    static Refusal reasonTooLong(int limit) {
        return Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "ingest.error.reasonTooLong", limit)
                .detail("ingest.error.reasonTooLong.detail", limit)
                .field("reason");
    }

    /** A gold answer given through the API breaks a rule: 422 naming the field {@code gold}. */
    static Refusal invalidGold(String problem) {
        return Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "ingest.error.gold", problem)
                .fieldErrors(List.of(new Refusal.FieldError(GoldRules.FIELD, problem)));
    }

    static Refusal importNotFound(long id) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text").detail("ingest.error.noImport.detail", id);
    }

    static Refusal unknownFormat(String name) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "ingest.error.format").detail("ingest.error.format.detail", name);
    }

    static Refusal unknownPriors(String name) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "ingest.error.priors").detail("ingest.error.priors.detail", name);
    }

    static Refusal adminOnly() {
        return Refusal.of(HttpStatus.FORBIDDEN, "error.403.text").detail("ingest.error.adminOnly.detail");
    }

    static Refusal adminOnlyItems() {
        return Refusal.of(HttpStatus.FORBIDDEN, "error.403.text").detail("ingest.error.adminOnlyItems.detail");
    }

    static Refusal tooLarge(String what, long limit) {
        return Refusal.of(HttpStatus.PAYLOAD_TOO_LARGE, "ingest.error.tooLarge")
                .detail("ingest.error.tooLarge.detail", what, limit);
    }

    /** A line over {@code feedloop.ingest.max-line-length}: 413 naming the line. */
    static Refusal lineTooLong(long line, long limit) {
        String message = "the line is longer than the limit of " + limit + " bytes";
        List<ImportError> errors = List.of(
                limit % MEGABYTE == 0
                        ? ImportError.of(
                                line,
                                null,
                                message + " (" + limit / MEGABYTE + " MB)",
                                "ingest.problem.lineOverBytesMb",
                                limit,
                                limit / MEGABYTE)
                        : ImportError.of(line, null, message, "ingest.problem.lineOverBytes", limit));
        return Refusal.of(HttpStatus.PAYLOAD_TOO_LARGE, "ingest.error.lineTooLong")
                .detail("ingest.error.lineTooLong.detail", line, limit)
                .property("errorCount", 1)
                .property("errors", errors);
    }

    /** The file has no items (empty, only blank lines, or a CSV header alone): 422. */
    static Refusal noItems(long importId) {
        List<ImportError> errors = List.of(ImportError.of(0, null, "the file has no items", "ingest.problem.noItems"));
        return Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "ingest.error.noItems")
                .property("importId", importId)
                .property("errorCount", 1)
                .property("errors", errors);
    }

    /** Names the import a refusal was recorded as (when it was thrown before the id was known). */
    static Refusal recordedAs(Refusal refusal, long importId) {
        return refusal.property("importId", importId);
    }

    private static final long MEGABYTE = 1024 * 1024;

    static Refusal unreadable(String why) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "ingest.error.unreadable")
                .detail("ingest.error.unreadable.detail", why);
    }

    /** The file has errors: 422 with every error (up to the limit) under {@code errors}. */
    static Refusal rejected(long importId, List<ImportError> errors, long errorCount) {
        return Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "ingest.error.rejected", errorCount)
                .property("importId", importId)
                .property("errorCount", errorCount)
                .property("errors", errors);
    }

    /** Cancelling an import that has ended: 409. */
    static Refusal importEnded(long importId) {
        return Refusal.of(HttpStatus.CONFLICT, "ingest.error.importEnded")
                .detail("ingest.error.importEnded.detail", importId)
                .property("importId", importId);
    }

    /**
     * What a FAILED import answers when its client waited for it: 409 when it was cancelled, 500 when
     * the servers failed or stopped while running it, else 422 (the file has errors, or no items),
     * each with the import's errors.
     */
    static Refusal failedAs(ImportView imp) {
        String code = imp.errors().isEmpty() ? null : imp.errors().getFirst().code();
        Refusal refusal;
        if ("ingest.problem.cancelled".equals(code)) {
            refusal = Refusal.of(HttpStatus.CONFLICT, "ingest.error.cancelled")
                    .detail("ingest.error.cancelled.detail", imp.id());
        } else if ("ingest.problem.serverFailed".equals(code)
                || "ingest.problem.serverStopped".equals(code)
                || "ingest.problem.attemptsUsed".equals(code)
                || "ingest.problem.failedAttempts".equals(code)) {
            refusal = Refusal.of(HttpStatus.INTERNAL_SERVER_ERROR, "ingest.error.serverFailed")
                    .detail("ingest.error.serverFailed.detail", imp.id());
        } else if ("ingest.problem.noItems".equals(code)) {
            refusal = Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "ingest.error.noItems");
        } else {
            refusal = Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "ingest.error.rejected", imp.errorCount());
        }
        return refusal.property("importId", imp.id())
                .property("errorCount", imp.errorCount())
                .property("errors", imp.errors());
    }
}
