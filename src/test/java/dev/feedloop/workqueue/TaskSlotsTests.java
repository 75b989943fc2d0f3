package dev.feedloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.projects.ProjectSettingsChanged;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.Person;
import dev.feedloop.testsupport.TestData.TestProject;
import dev.feedloop.workqueue.api.SubmitRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Task slots follow the imports and the project's per-item counts. */
@IntegrationTest
class TaskSlotsTests {

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    WorkQueue queue;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    TestData data;

    TestProject project;

    @BeforeEach
    void setUp() {
        project = data.project().demonstrations(2).rankings(3).create();
    }

    @Test
    void importCreatesWriteSlotsAndRankSlotsForItemsWithTwoCandidates() {
        long rankable = data.item(project, "two", 4, "a", "b");
        long single = data.item(project, "one", 0, "a");

        assertThat(slots(rankable)).isEqualTo(Map.of("WRITE", 2L, "RANK", 3L));
        assertThat(slots(single)).isEqualTo(Map.of("WRITE", 2L));
        assertThat(jdbc.sql("SELECT DISTINCT priority FROM task WHERE item_id = ?")
                        .param(rankable)
                        .query(Integer.class)
                        .list())
                .containsExactly(4);
    }

    @Test
    void everyRankSlotHasItsOwnRandomOrderOfAllCandidates() {
        TestProject wide = data.project().demonstrations(0).rankings(30).create();
        long item = data.item(wide, "five", 0, "a", "b", "c", "d", "e");

        List<List<String>> orders = orders(item);

        assertThat(orders)
                .hasSize(30)
                .allSatisfy(order -> assertThat(order).containsExactlyInAnyOrder("a", "b", "c", "d", "e"));
        assertThat(orders.stream().distinct().count())
                .as("30 shuffles of 5 candidates are not all alike")
                .isGreaterThan(1);
    }

    @Test
    void itemReachingTwoCandidatesGetsItsRankSlotsAndUnseenSlotsSeeNewCandidates() {
        long item = data.item(project, "one", 0, "a");
        assertThat(slots(item)).doesNotContainKey("RANK");

        data.addCandidates(project, item, "b");
        assertThat(slots(item)).containsEntry("RANK", 3L).containsEntry("WRITE", 2L);

        Person ann = data.people(project, 1, "ANNOTATOR").get(0);
        ClaimedTask seen =
                queue.next(project.slug(), TaskKind.RANK, ann.principal()).orElseThrow();
        data.addCandidates(project, item, "c");

        assertThat(slots(item)).containsEntry("RANK", 3L);
        Map<Long, List<String>> byTask = ordersByTask(item);
        assertThat(byTask.get(seen.taskId())).as("the order someone saw stays").containsExactlyInAnyOrder("a", "b");
        assertThat(byTask.entrySet().stream()
                        .filter(e -> e.getKey() != seen.taskId())
                        .map(Map.Entry::getValue))
                .allSatisfy(order -> assertThat(order).containsExactlyInAnyOrder("a", "b", "c"));
    }

    @Test
    void settingsChangeAddsAndRemovesOnlyOpenSlots() {
        long item = data.item(project, "two", 0, "a", "b");
        List<Person> people = data.people(project, 2, "ANNOTATOR");
        ClaimedTask leased = queue.next(
                        project.slug(), TaskKind.RANK, people.get(0).principal())
                .orElseThrow();
        ClaimedTask done = queue.next(
                        project.slug(), TaskKind.RANK, people.get(1).principal())
                .orElseThrow();
        queue.submit(
                done.taskId(),
                people.get(1).principal(),
                SubmitRequest.read(json.valueToTree(Map.of(
                        "leaseToken", done.leaseToken().toString(),
                        "tiers", List.of(List.of("A"), List.of("B"))))));

        settings(0, 1);

        assertThat(slots(item)).isEqualTo(Map.of("RANK", 2L));
        assertThat(states(item, "RANK")).containsExactlyInAnyOrder("LEASED", "DONE");
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE id IN (?, ?)")
                        .params(leased.taskId(), done.taskId())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);

        settings(1, 5);

        assertThat(slots(item)).isEqualTo(Map.of("WRITE", 1L, "RANK", 5L));
        assertThat(states(item, "RANK")).containsExactlyInAnyOrder("LEASED", "DONE", "OPEN", "OPEN", "OPEN");
    }

    @Test
    void removingSlotsKeepsSkipsOnRecord() {
        long item = data.item(project, "two", 0, "a", "b");
        Person ann = data.people(project, 1, "ANNOTATOR").get(0);
        ClaimedTask task =
                queue.next(project.slug(), TaskKind.RANK, ann.principal()).orElseThrow();
        queue.skip(task.taskId(), ann.principal(), task.leaseToken(), "needs_expertise", null);

        settings(2, 0);

        assertThat(slots(item)).doesNotContainKey("RANK");
        assertThat(jdbc.sql("SELECT count(*) FROM task_skip WHERE item_id = ?")
                        .param(item)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        settings(2, 3);
        assertThat(queue.next(project.slug(), TaskKind.RANK, ann.principal()))
                .as("a skipped item stays skipped")
                .isEmpty();
    }

    private void settings(int demonstrations, int rankings) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("UPDATE project SET demonstrations_per_item = ?, rankings_per_item = ? WHERE id = ?")
                    .params(demonstrations, rankings, project.id())
                    .update();
            context.publishEvent(new ProjectSettingsChanged(project.id()));
        });
    }

    private Map<String, Long> slots(long itemId) {
        return jdbc
                .sql("SELECT kind, count(*) AS n FROM task WHERE item_id = ? GROUP BY kind")
                .param(itemId)
                .query((rs, n) -> Map.entry(rs.getString("kind"), rs.getLong("n")))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private List<String> states(long itemId, String kind) {
        return jdbc.sql("SELECT state FROM task WHERE item_id = ? AND kind = ?")
                .params(itemId, kind)
                .query(String.class)
                .list();
    }

    private List<List<String>> orders(long itemId) {
        return List.copyOf(ordersByTask(itemId).values());
    }

    private Map<Long, List<String>> ordersByTask(long itemId) {
        return jdbc
                .sql("SELECT id, candidate_order::text AS o FROM task WHERE item_id = ? AND kind = 'RANK'")
                .param(itemId)
                .query((rs, n) ->
                        Map.entry(rs.getLong("id"), List.of(json.readValue(rs.getString("o"), String[].class))))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
