package dev.feedloop.review;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A review use case refused a request; pages show {@link #messageCode()} from the message bundle. */
public class ReviewException extends ErrorResponseException {

    private final String messageCode;

    ReviewException(HttpStatus status, String messageCode, String detail) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
        this.messageCode = messageCode;
    }

    public String messageCode() {
        return messageCode;
    }

    static ReviewException notFound(long demonstrationId) {
        return new ReviewException(
                HttpStatus.NOT_FOUND, "error.404.text", "No demonstration " + demonstrationId + " to review here.");
    }

    static ReviewException commentRequired() {
        return new ReviewException(
                HttpStatus.BAD_REQUEST, "review.error.commentRequired", "Say why the demonstration is rejected.");
    }

    static ReviewException contentRequired() {
        return new ReviewException(
                HttpStatus.BAD_REQUEST, "review.error.contentRequired", "The edited demonstration is empty.");
    }

    static ReviewException tooLong(String field, int max) {
        return new ReviewException(
                HttpStatus.BAD_REQUEST,
                "review.error.tooLong",
                "The " + field + " is longer than " + max + " characters.");
    }

    static ReviewException alreadyReviewed(long demonstrationId) {
        return new ReviewException(
                HttpStatus.CONFLICT,
                "review.error.alreadyReviewed",
                "Demonstration " + demonstrationId + " was reviewed by someone else in the meantime.");
    }

    static ReviewException ownWork(long demonstrationId) {
        return new ReviewException(
                HttpStatus.FORBIDDEN,
                "review.error.ownWork",
                "Nobody reviews their own demonstration " + demonstrationId + ".");
    }
}
