package dev.feedloop.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The item explorer on a large project: {@code -Dexplorer.items=100000} items of 4 candidates, a
 * fifth of them ranked by three annotators, some flagged. Prints the time of each page and the plan
 * of its statement ({@code EXPLAIN ANALYZE}); fails when a page takes more than a second.
 *
 * <pre>./mvnw -q test -Dtest=ItemExplorerScaleCheckTest -Djacoco.skip=true -Dspotless.check.skip=true -DargLine=-Dexplorer.items=100000</pre>
 */
@IntegrationTest
@EnabledIfSystemProperty(named = "explorer.items", matches = "\\d+")
class ItemExplorerScaleCheckTest {

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ItemExplorer explorer;

    @Test
    void pagesStayFastOnALargeProject() {
        int count = Integer.parseInt(System.getProperty("explorer.items"));
        TestProject project = data.project()
                .rankings(3)
                .demonstrations(1)
                .flags("[\"hallucination\"]")
                .create();
        long started = System.nanoTime();
        data.items(project, "s", count, 4);
        List<Long> annotators =
                List.of(data.user().id(), data.user().id(), data.user().id());
        jdbc.sql("""
                        WITH chosen AS (
                            SELECT t.id, t.item_id, t.project_id,
                                   row_number() OVER (PARTITION BY t.item_id ORDER BY t.id) AS n
                            FROM task t WHERE t.project_id = ? AND t.kind = 'RANK' AND t.item_id % 5 = 0)
                        INSERT INTO ranking (task_id, item_id, project_id, annotator_id, tiers, displayed_order, flags)
                        SELECT c.id, c.item_id, c.project_id, (ARRAY[?, ?, ?]::bigint[])[c.n],
                               (ARRAY['[["a"],["b"],["c"],["d"]]', '[["b"],["a"],["c","d"]]',
                                      '[["a","b"],["d"],["c"]]'])[1 + (c.item_id + c.n) % 3]::jsonb,
                               '["a","b","c","d"]',
                               CASE WHEN c.item_id % 97 = 0 THEN '{"c":["hallucination"]}' ELSE '{}' END::jsonb
                        FROM chosen c WHERE c.n <= 3
                        """)
                .params(project.id(), annotators.get(0), annotators.get(1), annotators.get(2))
                .update();
        jdbc.sql("""
                        UPDATE task t SET state = 'DONE', done_at = now(), assignee_id = r.annotator_id
                        FROM ranking r WHERE r.task_id = t.id AND t.project_id = ?
                        """).param(project.id()).update();
        jdbc.sql("ANALYZE").update();
        System.out.printf("seeded %d items in %d s%n", count, (System.nanoTime() - started) / 1_000_000_000);

        AccountPrincipal admin = TestData.principal(data.admin());
        long first = System.nanoTime();
        explorer.page(project.slug(), query(null, null, null, null, null, null, ItemQuery.Sort.ID, null), admin);
        System.out.printf("first page (every item's agreement computed and stored): %d ms%n", ms(first));

        Map<String, ItemQuery> queries = new LinkedHashMap<>();
        queries.put("by id", query(null, null, null, null, null, null, ItemQuery.Sort.ID, null));
        queries.put("by agreement", query(null, null, null, null, null, null, ItemQuery.Sort.AGREEMENT, null));
        queries.put(
                "agreement below 50 %, by agreement",
                query(null, 0.5, null, null, null, null, ItemQuery.Sort.AGREEMENT, null));
        queries.put("agreement below 50 %, by id", query(null, 0.5, null, null, null, null, ItemQuery.Sort.ID, null));
        queries.put("state complete", query(ItemState.COMPLETE, null, null, null, null, null, ItemQuery.Sort.ID, null));
        queries.put(
                "state in progress",
                query(ItemState.IN_PROGRESS, null, null, null, null, null, ItemQuery.Sort.ID, null));
        queries.put(
                "flag hallucination", query(null, null, "hallucination", null, null, null, ItemQuery.Sort.ID, null));
        queries.put(
                "any flag, by agreement",
                query(null, null, ItemQuery.ANY_FLAG, null, null, null, ItemQuery.Sort.AGREEMENT, null));
        queries.put("model model-c", query(null, null, null, "model-c", null, null, ItemQuery.Sort.ID, null));
        queries.put("gold yes (none)", query(null, null, null, null, true, null, ItemQuery.Sort.ID, null));
        queries.put("excluded yes (none)", query(null, null, null, null, null, true, ItemQuery.Sort.ID, null));
        queries.put("text '4242' (one item)", query(null, null, null, null, null, null, ItemQuery.Sort.ID, "4242"));
        queries.put(
                "text 'question' (every item)",
                query(null, null, null, null, null, null, ItemQuery.Sort.ID, "question"));
        long near = lastItem(project) - 100;
        queries.put("page 1000 by id", at(ItemQuery.Sort.ID, new ItemQuery.Cursor(null, near), null));
        queries.put("previous page by agreement", at(ItemQuery.Sort.AGREEMENT, null, new ItemQuery.Cursor(2.0, near)));
        for (Map.Entry<String, ItemQuery> entry : queries.entrySet()) {
            explorer.page(project.slug(), entry.getValue(), admin);
            long start = System.nanoTime();
            ItemList page = explorer.page(project.slug(), entry.getValue(), admin);
            long took = ms(start);
            ItemExplorer.Statement statement = ItemExplorer.statement(project.id(), entry.getValue());
            var explain = jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + statement.sql());
            for (Map.Entry<String, Object> param : statement.params().entrySet()) {
                explain = explain.param(param.getKey(), param.getValue());
            }
            List<String> plan = explain.query(String.class).list();
            System.out.printf(
                    "%n== %s: %d rows, page %d ms; %s%n",
                    entry.getKey(), page.rows().size(), took, plan.getLast());
            plan.forEach(System.out::println);
            assertThat(took).as(entry.getKey()).isLessThan(1000);
        }
    }

    private long lastItem(TestProject project) {
        return jdbc.sql("SELECT max(id) FROM item WHERE project_id = ?")
                .param(project.id())
                .query(Long.class)
                .single();
    }

    private static ItemQuery query(
            ItemState state,
            Double below,
            String flag,
            String model,
            Boolean gold,
            Boolean excluded,
            ItemQuery.Sort sort,
            String text) {
        return new ItemQuery(state, below, gold, flag, model, excluded, text, sort, null, null);
    }

    private static ItemQuery at(ItemQuery.Sort sort, ItemQuery.Cursor after, ItemQuery.Cursor before) {
        return new ItemQuery(null, null, null, null, null, null, null, sort, after, before);
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
