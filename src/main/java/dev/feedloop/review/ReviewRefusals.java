package dev.feedloop.review;

import dev.feedloop.problems.Refusal;
import org.springframework.http.HttpStatus;

/** The refusals of the review use cases. */
final class ReviewRefusals {

    private ReviewRefusals() {}

    static Refusal notFound(long demonstrationId) {
        return Refusal.of(
                HttpStatus.NOT_FOUND, "error.404.text", "No demonstration " + demonstrationId + " to review here.");
    }

    static Refusal commentRequired() {
        return Refusal.of(
                HttpStatus.BAD_REQUEST, "review.error.commentRequired", "Say why the demonstration is rejected.");
    }

    static Refusal contentRequired() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "review.error.contentRequired", "The edited demonstration is empty.");
    }

    static Refusal tooLong(String field, int max) {
        return Refusal.of(
                HttpStatus.BAD_REQUEST,
                "review.error.tooLong",
                "The " + field + " is longer than " + max + " characters.",
                max);
    }

    static Refusal alreadyReviewed(long demonstrationId) {
        return Refusal.of(
                HttpStatus.CONFLICT,
                "review.error.alreadyReviewed",
                "Demonstration " + demonstrationId + " was reviewed by someone else in the meantime.");
    }

    static Refusal ownWork(long demonstrationId) {
        return Refusal.of(
                HttpStatus.FORBIDDEN,
                "review.error.ownWork",
                "Nobody reviews their own demonstration " + demonstrationId + ".");
    }
}
