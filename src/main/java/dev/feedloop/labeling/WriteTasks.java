package dev.feedloop.labeling;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.workqueue.NextTask;
import dev.feedloop.workqueue.TaskKind;
import dev.feedloop.workqueue.WorkQueue;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The write page's use case: opening the labeler's current write task. */
@Service
public class WriteTasks {

    private final WorkQueue queue;
    private final Demonstrations demonstrations;
    private final Drafts drafts;

    WriteTasks(WorkQueue queue, Demonstrations demonstrations, Drafts drafts) {
        this.queue = queue;
        this.demonstrations = demonstrations;
        this.drafts = drafts;
    }

    /**
     * What the write page shows {@code me}: the project, how many answers they wrote since {@code
     * since}, the guidelines, and their current task (their own lease, else the next one) with their
     * draft of it.
     */
    @Transactional
    public WriteTaskView open(String slug, AccountPrincipal me, Instant since) {
        NextTask next = queue.open(slug, TaskKind.WRITE, me);
        int today = demonstrations.countByAuthorSince(next.project().id(), me.id(), since);
        Optional<DraftView> draft = next.task().flatMap(task -> drafts.ofClaimed(task, me.id()));
        return new WriteTaskView(next.project(), today, next.guidelines(), next.task(), draft);
    }
}
