package dev.feedloop.labeling;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.feedback.FeedbackIntake;
import dev.feedloop.feedback.FeedbackView;
import dev.feedloop.feedback.Fixes;
import dev.feedloop.rendering.WordDiff;
import dev.feedloop.workqueue.ShownCandidate;
import dev.feedloop.workqueue.WorkQueue;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Write tasks that fix a reply reported from production ({@link Fixes}): the feedback behind the
 * task and its bad reply as the task shows it, the live word diff of the writer's text against the
 * bad reply, and "not a real failure".
 */
@Service
public class FixTasks {

    private final Fixes fixes;
    private final WorkQueue queue;
    private final WordDiff wordDiff;

    FixTasks(Fixes fixes, WorkQueue queue, WordDiff wordDiff) {
        this.fixes = fixes;
        this.queue = queue;
        this.wordDiff = wordDiff;
    }

    /**
     * The feedback of a write task's item and its bad reply among the candidates the task shows.
     *
     * @param badReply the bad reply as the task names it (its id or, with model names hidden, its label)
     */
    public record FixOfTask(Fixes.Fix fix, ShownCandidate badReply) {}

    /** The fix behind the item, with its bad reply among {@code candidates}; empty for other items. */
    @Transactional(readOnly = true)
    public Optional<FixOfTask> of(long itemId, List<ShownCandidate> candidates) {
        return fixes.forItem(itemId).flatMap(fix -> badReply(candidates).map(reply -> new FixOfTask(fix, reply)));
    }

    /**
     * The word diff from the bad reply to {@code content}, for the writer holding fix task {@code
     * taskId} of project {@code slug}; refused like a draft save (404 for a task of another
     * project or that is no fix task).
     */
    @Transactional
    public List<WordDiff.Segment> diff(String slug, long taskId, AccountPrincipal me, UUID token, String content) {
        queue.requireInProject(slug, taskId);
        ShownCandidate reply = badReply(queue.shownCandidates(taskId, me, token))
                .orElseThrow(() -> LabelingRefusals.notAFixTask(taskId));
        return wordDiff.diff(reply.content(), content == null ? "" : content);
    }

    /** "Not a real failure", with the reason: the task is done without a demonstration ({@link Fixes#dismiss}). */
    @Transactional
    public FeedbackView.Dismissal notAFailure(
            String slug, long taskId, AccountPrincipal me, UUID token, String reason) {
        return fixes.dismiss(slug, taskId, token, reason, me);
    }

    private static Optional<ShownCandidate> badReply(List<ShownCandidate> candidates) {
        return candidates.stream()
                .filter(c -> FeedbackIntake.BAD_REPLY.equals(c.importId()))
                .findFirst();
    }
}
