package dev.feedloop.quality;

import dev.feedloop.review.ReviewDecision;
import java.time.Instant;

/**
 * One of a person's judgments, as their history page lists it.
 *
 * @param ranking {@code true} for a ranking, {@code false} for a demonstration
 * @param prompt the last turn of the item's conversation (the one answered), untrusted markdown
 * @param content a demonstration's text, or a ranking's order such as {@code B > A = C}
 * @param decision the review decision on a demonstration ({@code null}: not reviewed yet; rankings
 *     are not reviewed)
 * @param editedContent for {@link ReviewDecision#EDITED}: the reviewer's version
 */
public record HistoryEntry(
        boolean ranking,
        long id,
        String projectSlug,
        String projectName,
        String itemExternalId,
        String prompt,
        Instant submittedAt,
        Integer activeSeconds,
        boolean late,
        String content,
        boolean noneAcceptable,
        String rationale,
        ReviewDecision decision,
        String reviewComment,
        String reviewerName,
        Instant reviewedAt,
        String editedContent) {}
