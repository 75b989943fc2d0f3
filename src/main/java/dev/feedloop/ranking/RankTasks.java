package dev.feedloop.ranking;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.workqueue.NextTask;
import dev.feedloop.workqueue.TaskKind;
import dev.feedloop.workqueue.WorkQueue;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The rank page's use case: opening the annotator's current rank task. */
@Service
public class RankTasks {

    private final WorkQueue queue;
    private final Rankings rankings;

    RankTasks(WorkQueue queue, Rankings rankings) {
        this.queue = queue;
        this.rankings = rankings;
    }

    /**
     * What the rank page shows {@code me}: the project, how many rankings they made since {@code
     * since}, the guidelines, and their current task (their own lease, else the next one).
     */
    @Transactional
    public RankTaskView open(String slug, AccountPrincipal me, Instant since) {
        NextTask next = queue.open(slug, TaskKind.RANK, me);
        int today = rankings.countByAnnotatorSince(next.project().id(), me.id(), since);
        return new RankTaskView(next.project(), today, next.guidelines(), next.task());
    }
}
