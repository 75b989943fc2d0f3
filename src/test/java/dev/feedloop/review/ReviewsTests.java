package dev.feedloop.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.UserView;
import dev.feedloop.labeling.DemonstrationView;
import dev.feedloop.labeling.Demonstrations;
import dev.feedloop.problems.Refusal;
import dev.feedloop.quality.History;
import dev.feedloop.quality.HistoryEntry;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import dev.feedloop.workqueue.ClaimedTask;
import dev.feedloop.workqueue.TaskKind;
import dev.feedloop.workqueue.WorkQueue;
import dev.feedloop.workqueue.WriteSubmission;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class ReviewsTests {

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WorkQueue queue;

    @Autowired
    Reviews reviews;

    @Autowired
    Demonstrations demonstrations;

    @Autowired
    History history;

    TestProject project;
    UserView labeler;
    UserView reviewer;

    @BeforeEach
    void setUp() {
        project = data.project().rankings(0).demonstrations(1).create();
        labeler = data.user();
        reviewer = data.user();
        data.member(project, labeler, "LABELER").member(project, reviewer, "REVIEWER");
    }

    @Test
    void queueShowsTheOldestDemonstrationFirstAndNeverTheReviewersOwn() {
        long first = demonstrate("First prompt", "first answer");
        demonstrate("Second prompt", "second answer");

        ReviewTask next = reviews.next(project.slug(), me(reviewer), null).orElseThrow();
        assertThat(next.demonstration().id()).isEqualTo(first);
        assertThat(next.pending()).isEqualTo(2);
        assertThat(next.authorName()).isEqualTo(labeler.displayName());
        assertThat(reviews.next(project.slug(), me(reviewer), first)
                        .orElseThrow()
                        .demonstration()
                        .content())
                .isEqualTo("second answer");

        jdbc.sql("UPDATE project_member SET roles = '{LABELER,REVIEWER}' WHERE user_id = ?")
                .param(labeler.id())
                .update();
        assertThat(reviews.next(project.slug(), me(labeler), null)).isEmpty();
    }

    @Test
    void rejectingNeedsACommentAndPutsTheTaskBackForAnotherLabeler() {
        long id = demonstrate("Prompt", "a poor answer");

        assertThatThrownBy(() -> reviews.reject(project.slug(), id, me(reviewer), "  "))
                .isInstanceOf(Refusal.class)
                .hasFieldOrPropertyWithValue("messageCode", "review.error.commentRequired");
        ReviewView review = reviews.reject(project.slug(), id, me(reviewer), "Too short; explain the steps.");

        assertThat(review.decision()).isEqualTo(ReviewDecision.REJECTED);
        assertThat(review.comment()).isEqualTo("Too short; explain the steps.");
        assertThat(queue.next(project.slug(), TaskKind.WRITE, me(labeler))).isEmpty();
        UserView other = data.user();
        data.member(project, other, "LABELER");
        ClaimedTask again =
                queue.next(project.slug(), TaskKind.WRITE, me(other)).orElseThrow();
        assertThat(again.taskId())
                .isEqualTo(demonstrations.find(id).orElseThrow().taskId());
        assertThat(reviews.next(project.slug(), me(reviewer), null)).isEmpty();
    }

    @Test
    void rejectingALateExtraDemonstrationLeavesItsTaskDone() {
        long id = demonstrate("Prompt", "an extra answer");
        jdbc.sql("UPDATE demonstration SET late = true WHERE id = ?").param(id).update();

        reviews.reject(project.slug(), id, me(reviewer), "Not needed.");

        long task = demonstrations.find(id).orElseThrow().taskId();
        assertThat(jdbc.sql("SELECT state FROM task WHERE id = ?")
                        .param(task)
                        .query(String.class)
                        .single())
                .isEqualTo("DONE");
    }

    @Test
    void editAndApproveStoresTheEditAsANewDemonstrationRevisingTheOriginal() {
        long id = demonstrate("Prompt", "The answer is 4.");

        ReviewView review = reviews.editAndApprove(
                project.slug(), id, me(reviewer), "The answer is **4**, because 2 + 2 = 4.", "Say why.");

        assertThat(review.decision()).isEqualTo(ReviewDecision.EDITED);
        DemonstrationView edit =
                demonstrations.find(review.editedDemonstrationId()).orElseThrow();
        assertThat(edit.content()).isEqualTo("The answer is **4**, because 2 + 2 = 4.");
        assertThat(edit.authorId()).isEqualTo(reviewer.id());
        assertThat(jdbc.sql("SELECT revises_id FROM demonstration WHERE id = ?")
                        .param(edit.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(id);
        assertThat(demonstrations.find(id).orElseThrow().content()).isEqualTo("The answer is 4.");
        assertThat(reviews.next(project.slug(), me(reviewer), null)).isEmpty();

        HistoryEntry entry = history.of(me(labeler)).get(0);
        assertThat(entry.decision()).isEqualTo(ReviewDecision.EDITED);
        assertThat(entry.reviewComment()).isEqualTo("Say why.");
        assertThat(entry.editedContent()).contains("because");
    }

    @Test
    void aSecondDecisionOnTheSameDemonstrationIsRefused() {
        long id = demonstrate("Prompt", "fine");
        reviews.approve(project.slug(), id, me(reviewer), null);

        UserView second = data.user();
        data.member(project, second, "REVIEWER");
        assertThatThrownBy(() -> reviews.reject(project.slug(), id, me(second), "no"))
                .isInstanceOf(Refusal.class)
                .hasFieldOrPropertyWithValue("messageCode", "review.error.alreadyReviewed");
        assertThat(reviews.of(id)).hasSize(1);
    }

    private long demonstrate(String prompt, String answer) {
        data.itemAsking(project, prompt, "m", "candidate");
        ClaimedTask task =
                queue.next(project.slug(), TaskKind.WRITE, me(labeler)).orElseThrow();
        return queue.submit(task.taskId(), me(labeler), new WriteSubmission(task.leaseToken(), null, answer, null))
                .judgmentId();
    }

    private static AccountPrincipal me(UserView user) {
        return TestData.principal(user);
    }
}
