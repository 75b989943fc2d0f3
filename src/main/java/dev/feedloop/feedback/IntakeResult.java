package dev.feedloop.feedback;

/**
 * What the intake did with one feedback.
 *
 * @param status {@code accepted} (stored now) or {@code duplicate} (its traceId was stored before:
 *     nothing new was stored and the stored one is answered)
 * @param id the stored feedback's id
 * @param task whether it has a fix task
 * @param itemExternalId the fix task's item ({@code fb-<traceId>}), or {@code null} without a task
 */
public record IntakeResult(String status, long id, String traceId, boolean task, String itemExternalId) {

    public static final String ACCEPTED = "accepted";
    public static final String DUPLICATE = "duplicate";
}
