package dev.feedloop.feedback;

import java.util.List;

/**
 * A page of a project's feedback, newest first.
 *
 * @param next the {@code after} of the next page, or {@code null} on the last one
 * @param counts the project's feedback by state (all of it, whatever the filters)
 */
public record FeedbackPage(List<FeedbackView> feedback, Long next, FeedbackCounts counts) {}
