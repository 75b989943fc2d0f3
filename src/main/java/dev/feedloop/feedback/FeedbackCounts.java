package dev.feedloop.feedback;

/** A project's feedback by state. */
public record FeedbackCounts(
        long total, long received, long taskOpen, long fixed, long approved, long notAFailure, long failures) {}
