package dev.feedloop.labeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.problems.Refusal;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.Person;
import dev.feedloop.testsupport.TestData.TestProject;
import dev.feedloop.workqueue.ClaimedTask;
import dev.feedloop.workqueue.SubmittedJudgment;
import dev.feedloop.workqueue.TaskKind;
import dev.feedloop.workqueue.WorkQueue;
import dev.feedloop.workqueue.WriteSubmission;
import dev.feedloop.workqueue.api.SubmitRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/** Drafts are saved per lease and go away with the demonstration; demonstrations keep their context. */
@IntegrationTest
class DraftsTests {

    @Autowired
    ApplicationContext context;

    @Autowired
    WorkQueue queue;

    @Autowired
    Drafts drafts;

    @Autowired
    Demonstrations demonstrations;

    @Autowired
    JsonMapper json;

    @Autowired
    TestData data;

    TestProject project;
    List<Person> people;

    @BeforeEach
    void setUp() {
        project = data.project().demonstrations(2).rankings(0).create();
        people = data.people(project, 2, "LABELER");
    }

    @Test
    void draftIsSavedForTheLeaseHolderAndRemovedOnSubmit() {
        data.item(project, "q", 0, "a", "b");
        Person ann = people.get(0);
        ClaimedTask task =
                queue.next(project.slug(), TaskKind.WRITE, ann.principal()).orElseThrow();

        DraftView first =
                drafts.save(task.taskId(), ann.principal(), task.leaseToken(), "First try", null, 0, InputCounts.NONE);
        DraftView saved = drafts.save(
                task.taskId(),
                ann.principal(),
                task.leaseToken(),
                "Second try",
                "A",
                first.version(),
                InputCounts.NONE);

        assertThat(saved.content()).isEqualTo("Second try");
        assertThat(saved.basedOnCandidateId()).as("named as the task shows it").isEqualTo("A");
        assertThat(drafts.get(task.taskId(), ann.principal(), task.leaseToken()))
                .hasValueSatisfying(d -> assertThat(d.content()).isEqualTo("Second try"));
        assertThatThrownBy(() ->
                        drafts.save(task.taskId(), ann.principal(), UUID.randomUUID(), "x", null, 2, InputCounts.NONE))
                .isInstanceOf(Refusal.class);
        assertThatThrownBy(() -> drafts.get(task.taskId(), people.get(1).principal(), task.leaseToken()))
                .isInstanceOf(Refusal.class);

        SubmittedJudgment judgment = queue.submit(
                task.taskId(),
                ann.principal(),
                SubmitRequest.read(json.valueToTree(Map.of(
                        "leaseToken",
                        task.leaseToken().toString(),
                        "content",
                        "Final answer",
                        "basedOnCandidateId",
                        "A",
                        "activeSeconds",
                        120))));

        DemonstrationView stored = demonstrations.find(judgment.judgmentId()).orElseThrow();
        assertThat(stored.content()).isEqualTo("Final answer");
        assertThat(stored.basedOnCandidateId()).isEqualTo("a");
        assertThat(stored.activeSeconds()).isEqualTo(120);
        assertThat(stored.guidelineVersion()).isZero();
        assertThat(stored.late()).isFalse();
        assertThat(stored.startedAt()).isNotNull();
        assertThat(demonstrations.ofItem(task.item().id())).hasSize(1);
        assertThatThrownBy(() -> drafts.get(task.taskId(), ann.principal(), task.leaseToken()))
                .as("submitted: no more drafts for this lease")
                .isInstanceOf(Refusal.class);
    }

    @Test
    void draftSurvivesALostLease() {
        project = data.project().demonstrations(1).rankings(0).create();
        data.member(project, people.get(0).id(), "LABELER");
        data.member(project, people.get(1).id(), "LABELER");
        data.item(project, "q", 0, "a");
        Person ann = people.get(0);
        ClaimedTask task =
                queue.next(project.slug(), TaskKind.WRITE, ann.principal()).orElseThrow();
        data.expireLease(task.taskId());
        queue.next(project.slug(), TaskKind.WRITE, people.get(1).principal()).orElseThrow();

        drafts.save(
                task.taskId(),
                ann.principal(),
                task.leaseToken(),
                "Still typing",
                null,
                Drafts.NO_DRAFT,
                InputCounts.NONE);

        assertThat(drafts.get(task.taskId(), ann.principal(), task.leaseToken()))
                .hasValueSatisfying(d -> assertThat(d.content()).isEqualTo("Still typing"));
    }

    @Test
    void everyChangingSaveRaisesTheVersionAndASaveOverANewerDraftIsRefused() {
        data.item(project, "q", 0, "a");
        Person ann = people.get(0);
        ClaimedTask task =
                queue.next(project.slug(), TaskKind.WRITE, ann.principal()).orElseThrow();
        UUID lease = task.leaseToken();

        DraftView firstTab =
                drafts.save(task.taskId(), ann.principal(), lease, "Tab one", null, Drafts.NO_DRAFT, InputCounts.NONE);
        assertThat(firstTab.version()).isEqualTo(1);
        assertThatThrownBy(() -> drafts.save(
                        task.taskId(), ann.principal(), lease, "Tab two", null, Drafts.NO_DRAFT, InputCounts.NONE))
                .as("the second tab loaded the page before any draft existed")
                .isInstanceOfSatisfying(Refusal.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(409);
                    assertThat(e.getBody().getProperties())
                            .containsEntry("code", "draft-conflict")
                            .containsEntry("currentVersion", 1L);
                });

        DraftView again =
                drafts.save(task.taskId(), ann.principal(), lease, "Tab one, more", null, 1, InputCounts.NONE);
        assertThat(again.version()).isEqualTo(2);
        assertThatThrownBy(
                        () -> drafts.save(task.taskId(), ann.principal(), lease, "Tab two", null, 1, InputCounts.NONE))
                .isInstanceOf(Refusal.class);
        assertThat(drafts.get(task.taskId(), ann.principal(), lease))
                .hasValueSatisfying(d -> assertThat(d.content()).isEqualTo("Tab one, more"));

        DraftView retried =
                drafts.save(task.taskId(), ann.principal(), lease, "Tab one, more", null, 1, InputCounts.NONE);
        assertThat(retried.version())
                .as("a retry of the stored text is accepted and changes nothing")
                .isEqualTo(2);
    }

    @Test
    void draftsAndDemonstrationsAreStoredWithLfLineBreaks() {
        data.item(project, "q", 0, "a");
        Person ann = people.get(0);
        ClaimedTask task =
                queue.next(project.slug(), TaskKind.WRITE, ann.principal()).orElseThrow();

        DraftView draft = drafts.save(
                task.taskId(),
                ann.principal(),
                task.leaseToken(),
                "one\r\ntwo\rthree",
                null,
                Drafts.NO_DRAFT,
                InputCounts.NONE);
        SubmittedJudgment judgment =
                queue.submit(task.taskId(), ann.principal(), submit(task, "line 1\r\n\r\nline 2\r"));

        assertThat(draft.content()).isEqualTo("one\ntwo\nthree");
        assertThat(demonstrations.find(judgment.judgmentId()).orElseThrow().content())
                .isEqualTo("line 1\n\nline 2\n");
    }

    @Test
    void aRepeatedSubmitWithTheSameTextAnswersTheSameDemonstrationAndOtherTextIsAConflict() {
        data.item(project, "q", 0, "a");
        Person ann = people.get(0);
        ClaimedTask task =
                queue.next(project.slug(), TaskKind.WRITE, ann.principal()).orElseThrow();
        SubmittedJudgment first = queue.submit(task.taskId(), ann.principal(), submit(task, "Same\nanswer"));

        SubmittedJudgment repeat = queue.submit(task.taskId(), ann.principal(), submit(task, "Same\r\nanswer"));

        assertThat(repeat.judgmentId()).isEqualTo(first.judgmentId());
        assertThat(repeat.created()).isFalse();
        assertThatThrownBy(() -> queue.submit(task.taskId(), ann.principal(), submit(task, "Another answer")))
                .isInstanceOfSatisfying(Refusal.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(409);
                    assertThat(e.messageCode()).isEqualTo("workqueue.error.submitConflict");
                    assertThat(e.getBody().getProperties())
                            .containsEntry("code", "submit-conflict")
                            .containsEntry("judgmentId", first.judgmentId());
                });
        assertThat(demonstrations.ofItem(task.item().id()))
                .singleElement()
                .satisfies(d -> assertThat(d.content()).isEqualTo("Same\nanswer"));
    }

    private WriteSubmission submit(ClaimedTask task, String content) {
        return new WriteSubmission(task.leaseToken(), null, content, null);
    }
}
