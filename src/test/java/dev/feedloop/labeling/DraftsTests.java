package dev.feedloop.labeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestQueueData;
import dev.feedloop.testsupport.TestQueueData.Person;
import dev.feedloop.testsupport.TestQueueData.TestProject;
import dev.feedloop.workqueue.ClaimedTask;
import dev.feedloop.workqueue.SubmittedJudgment;
import dev.feedloop.workqueue.TaskKind;
import dev.feedloop.workqueue.WorkQueue;
import dev.feedloop.workqueue.WorkQueueException;
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

    TestQueueData data;
    TestProject project;
    List<Person> people;

    @BeforeEach
    void setUp() {
        data = new TestQueueData(context);
        project = data.project().demonstrations(2).rankings(0).create();
        people = data.people(project, 2, "LABELER");
    }

    @Test
    void draftIsSavedForTheLeaseHolderAndRemovedOnSubmit() {
        data.item(project, "q", 0, "a", "b");
        Person ann = people.get(0);
        ClaimedTask task =
                queue.next(project.slug(), TaskKind.WRITE, ann.principal()).orElseThrow();

        drafts.save(task.taskId(), ann.principal(), task.leaseToken(), "First try", null);
        DraftView saved = drafts.save(task.taskId(), ann.principal(), task.leaseToken(), "Second try", "A");

        assertThat(saved.content()).isEqualTo("Second try");
        assertThat(saved.basedOnCandidateId()).as("named as the task shows it").isEqualTo("A");
        assertThat(drafts.get(task.taskId(), ann.principal(), task.leaseToken()))
                .hasValueSatisfying(d -> assertThat(d.content()).isEqualTo("Second try"));
        assertThatThrownBy(() -> drafts.save(task.taskId(), ann.principal(), UUID.randomUUID(), "x", null))
                .isInstanceOf(WorkQueueException.class);
        assertThatThrownBy(() -> drafts.get(task.taskId(), people.get(1).principal(), task.leaseToken()))
                .isInstanceOf(WorkQueueException.class);

        SubmittedJudgment judgment = queue.submit(
                task.taskId(),
                ann.principal(),
                json.valueToTree(Map.of(
                        "leaseToken",
                        task.leaseToken().toString(),
                        "content",
                        "Final answer",
                        "basedOnCandidateId",
                        "A",
                        "activeSeconds",
                        120)));

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
                .isInstanceOf(WorkQueueException.class);
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

        drafts.save(task.taskId(), ann.principal(), task.leaseToken(), "Still typing", null);

        assertThat(drafts.get(task.taskId(), ann.principal(), task.leaseToken()))
                .hasValueSatisfying(d -> assertThat(d.content()).isEqualTo("Still typing"));
    }
}
