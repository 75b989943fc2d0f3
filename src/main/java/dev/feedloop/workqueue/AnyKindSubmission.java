package dev.feedloop.workqueue;

import java.util.UUID;

/**
 * One REST submit body read both ways: the URL names the task, not its kind, so the work queue
 * picks the reading of the task's kind once it has locked the task.
 */
public record AnyKindSubmission(WriteSubmission write, RankSubmission rank) implements Submission {

    @Override
    public UUID leaseToken() {
        return write.leaseToken();
    }

    @Override
    public Integer activeSeconds() {
        return write.activeSeconds();
    }

    @Override
    public WriteSubmission asWrite() {
        return write;
    }

    @Override
    public RankSubmission asRank() {
        return rank;
    }
}
