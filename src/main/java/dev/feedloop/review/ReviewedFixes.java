package dev.feedloop.review;

import dev.feedloop.feedback.Fixes;
import dev.feedloop.ingest.CandidateView;
import dev.feedloop.ingest.Items;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What the review page shows of a fix (a demonstration that fixes a reply reported from production). */
@Service
public class ReviewedFixes {

    private final Fixes fixes;
    private final Items items;

    ReviewedFixes(Fixes fixes, Items items) {
        this.fixes = fixes;
        this.items = items;
    }

    /** The feedback behind the task's item and its bad reply; empty when the item is no fix task's. */
    public record FixUnderReview(Fixes.Fix fix, CandidateView badReply) {}

    @Transactional(readOnly = true)
    public Optional<FixUnderReview> of(ReviewTask task) {
        return fixes.forItem(task.item().id())
                .flatMap(fix -> items.candidates(task.item().id()).stream()
                        .filter(c -> c.externalId().equals(fix.badReply()))
                        .findFirst()
                        .map(reply -> new FixUnderReview(fix, reply)));
    }
}
