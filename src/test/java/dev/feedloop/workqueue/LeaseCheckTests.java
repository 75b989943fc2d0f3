package dev.feedloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The decision behind submit and skip: what a person's lease token on a task amounts to. */
class LeaseCheckTests {

    static final long ANN = 1;
    static final long BOB = 2;
    static final UUID ANNS_TOKEN = UUID.randomUUID();
    static final UUID BOBS_TOKEN = UUID.randomUUID();

    @Test
    void holderOfTheCurrentLeaseHoldsIt() {
        assertThat(LeaseCheck.of(
                        task(TaskState.LEASED, ANN, ANNS_TOKEN), assignment(AssignmentState.LEASED, 10), ANNS_TOKEN))
                .isEqualTo(LeaseCheck.HOLDS_LEASE);
    }

    @Test
    void leaseTakenOverBySomeoneElseIsLost() {
        assertThat(LeaseCheck.of(
                        task(TaskState.LEASED, BOB, BOBS_TOKEN), assignment(AssignmentState.LEASED, 10), ANNS_TOKEN))
                .isEqualTo(LeaseCheck.LEASE_LOST);
        assertThat(LeaseCheck.of(
                        task(TaskState.DONE, BOB, BOBS_TOKEN), assignment(AssignmentState.LEASED, 10), ANNS_TOKEN))
                .isEqualTo(LeaseCheck.LEASE_LOST);
    }

    @Test
    void releasedTaskThatIsStillOpenIsFree() {
        assertThat(LeaseCheck.of(
                        task(TaskState.OPEN, null, null), assignment(AssignmentState.RELEASED, 10), ANNS_TOKEN))
                .isEqualTo(LeaseCheck.TASK_FREE);
    }

    @Test
    void judgedAndSkippedLeasesSaySo() {
        assertThat(LeaseCheck.of(
                        task(TaskState.DONE, ANN, ANNS_TOKEN), assignment(AssignmentState.JUDGED, 10), ANNS_TOKEN))
                .isEqualTo(LeaseCheck.JUDGED);
        assertThat(LeaseCheck.of(task(TaskState.OPEN, null, null), assignment(AssignmentState.SKIPPED, 10), ANNS_TOKEN))
                .isEqualTo(LeaseCheck.SKIPPED);
    }

    @Test
    void aTaskThePersonNeverHadIsNotTheirs() {
        assertThat(LeaseCheck.of(task(TaskState.LEASED, BOB, BOBS_TOKEN), null, BOBS_TOKEN))
                .isEqualTo(LeaseCheck.NOT_THEIRS);
        assertThat(LeaseCheck.of(
                        task(TaskState.LEASED, BOB, BOBS_TOKEN), assignment(AssignmentState.LEASED, 11), ANNS_TOKEN))
                .as("their assignment for this item points to another slot")
                .isEqualTo(LeaseCheck.NOT_THEIRS);
    }

    @Test
    void anotherTokenForTheirTaskIsWrong() {
        assertThat(LeaseCheck.of(
                        task(TaskState.LEASED, ANN, ANNS_TOKEN), assignment(AssignmentState.LEASED, 10), BOBS_TOKEN))
                .isEqualTo(LeaseCheck.WRONG_TOKEN);
    }

    private static TaskRow task(TaskState state, Long assignee, UUID token) {
        Instant now = Instant.now();
        return new TaskRow(
                10,
                1,
                100,
                TaskKind.RANK,
                state,
                assignee,
                token,
                token == null ? null : now,
                state == TaskState.LEASED ? now.plusSeconds(60) : null,
                null);
    }

    private static AssignmentRow assignment(AssignmentState state, long taskId) {
        return new AssignmentRow(100, TaskKind.RANK, ANN, taskId, state, ANNS_TOKEN, Instant.now(), 1);
    }
}
