package dev.feedloop.review;

import dev.feedloop.problems.Refusal;
import org.springframework.http.HttpStatus;

/** The refusals of the review use cases. */
final class ReviewRefusals {

    private ReviewRefusals() {}

    static Refusal notFound(long demonstrationId) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text")
                .detail("review.error.notFound.detail", demonstrationId);
    }

    static Refusal commentRequired() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "review.error.commentRequired");
    }

    static Refusal contentRequired() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "review.error.contentRequired");
    }

    static Refusal tooLong(String field, int max) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "review.error.tooLong", max)
                .detail("review.error.tooLong.detail", field, max);
    }

    static Refusal alreadyReviewed(long demonstrationId) {
        return Refusal.of(HttpStatus.CONFLICT, "review.error.alreadyReviewed")
                .detail("review.error.alreadyReviewed.detail", demonstrationId);
    }

    static Refusal ownWork(long demonstrationId) {
        return Refusal.of(HttpStatus.FORBIDDEN, "review.error.ownWork")
                .detail("review.error.ownWork.detail", demonstrationId);
    }
}
