package dev.feedloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import dev.feedloop.testsupport.FormBrowser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.ServerProcess;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.Person;
import dev.feedloop.testsupport.TestData.TestProject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two whole servers, each a process of its own on its own port ({@link ServerProcess}), on one
 * PostgreSQL: 32 annotators' browsers work the rank queue through the rank page to its end, each
 * request going to either server at random. A browser signs in with the login form on one server
 * and carries on with the session cookie and the page's CSRF token on both, as behind a load
 * balancer without sticky sessions; the flash message a submit leaves in the session is shown by
 * the page the other server answers. Then the same checks as {@link QueueConcurrencyTests}. This
 * test's own scheduler is paused meanwhile, so that it does nothing the servers do not.
 */
@IntegrationTest
class TwoServerProcessesTests {

    static final int ITEMS = 250;
    static final int PER_ITEM = 3;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Scheduler scheduler;

    @Test
    void thirtyTwoBrowsersMovingBetweenTwoServerProcessesRankEveryItemExactlyThreeTimes() throws Exception {
        TestProject project =
                data.project().demonstrations(0).rankings(PER_ITEM).create();
        data.items(project, "q", ITEMS, 3);
        List<Person> people = data.people(project, 32 + 250, "ANNOTATOR");
        Map<Integer, Long> itemsByQuestion = new ConcurrentHashMap<>();
        jdbc.sql("SELECT id, external_id FROM item WHERE project_id = ?")
                .param(project.id())
                .query((rs, n) -> itemsByQuestion.put(
                        Integer.parseInt(rs.getString("external_id").substring(2)), rs.getLong("id")))
                .list();
        QueueWorkload workload = new QueueWorkload(jdbc, data, project.id());

        scheduler.pause();
        try (ServerProcess first = ServerProcess.start("rank-a");
                ServerProcess second = ServerProcess.start("rank-b")) {
            RankPages pages = new RankPages(List.of(first.uri("/"), second.uri("/")), project.slug(), itemsByQuestion);
            long started = System.nanoTime();
            workload.run(Thread.ofVirtual(), pages, people, 32, Duration.ofMinutes(3));
            System.out.printf(
                    "%d browsers on two servers: %d submits, %d skips in %.1f s%n",
                    32, workload.acks.size(), workload.skips.get(), (System.nanoTime() - started) / 1e9);

            workload.verify(ITEMS, PER_ITEM);
            assertThat(workload.skips.get()).isGreaterThan(35);
            assertThat(workload.abandoned.get()).isGreaterThan(15);
            assertThat(workload.repeats.get()).isGreaterThan(15);
            for (int server = 0; server < 2; server++) {
                assertThat(pages.signIns.get(server))
                        .as("sign-ins on server %d", server)
                        .isGreaterThan(10);
                assertThat(pages.submits.get(server))
                        .as("submits to server %d", server)
                        .isGreaterThan(300);
                assertThat(pages.pages.get(server))
                        .as("rank pages of server %d", server)
                        .isGreaterThan(300);
            }
            assertThat(pages.moves.get())
                    .as("requests that went to another server than the person's one before")
                    .isGreaterThan(500);
            assertThat(first.isAlive()).isTrue();
            assertThat(second.isAlive()).isTrue();
        } finally {
            scheduler.resume();
        }
    }

    /**
     * The annotators as their browsers reach the rank page: the page ({@code GET
     * /projects/{slug}/rank}) claims and shows the task, its form posts the ranking ({@code POST
     * /projects/{slug}/rank/{task}}) or the skip dialog the skip, and the redirect back to the page
     * shows the flash message and the next task. A submit counts as acknowledged only when that page
     * says "Ranking submitted."; whether it stored a new ranking is read from the page's count of
     * the person's rankings today.
     */
    static final class RankPages implements QueueWorkload.Annotators {

        private static final Pattern TASK = Pattern.compile("action=\"/projects/[^/\"]+/rank/(\\d+)\"");
        private static final Pattern LEASE = Pattern.compile("name=\"leaseToken\" value=\"([0-9a-f-]{36})\"");
        private static final Pattern CANDIDATE = Pattern.compile("name=\"candidate\" value=\"([^\"]+)\"");
        private static final Pattern QUESTION = Pattern.compile("Question (\\d+)<");
        private static final Pattern TODAY = Pattern.compile("Today: (\\d+)");

        final AtomicIntegerArray signIns = new AtomicIntegerArray(2);
        final AtomicIntegerArray submits = new AtomicIntegerArray(2);
        final AtomicIntegerArray pages = new AtomicIntegerArray(2);
        final AtomicInteger moves = new AtomicInteger();

        private final List<URI> servers;
        private final String slug;
        private final Map<Integer, Long> itemsByQuestion;
        private final Map<Long, Tab> tabs = new ConcurrentHashMap<>();

        RankPages(List<URI> servers, String slug, Map<Integer, Long> itemsByQuestion) {
            this.servers = servers;
            this.slug = slug;
            this.itemsByQuestion = itemsByQuestion;
        }

        /** One person's browser tab on the rank page: the page it shows and the server it last reached. */
        final class Tab {
            final FormBrowser browser;
            final Random random;
            int server;
            FormBrowser.Page shown;
            int today;

            Tab(Person person) {
                random = new Random(31L * person.id() + 7);
                server = (int) (person.id() % 2);
                browser = FormBrowser.signIn(
                        servers.get(server), person.principal().getUsername(), TestData.PASSWORD);
                signIns.incrementAndGet(server);
            }

            /** The server of the next request: either one, at random. */
            URI next() {
                int chosen = random.nextInt(2);
                if (chosen != server) {
                    moves.incrementAndGet();
                }
                server = chosen;
                return servers.get(chosen);
            }

            FormBrowser.Page open() {
                URI at = next();
                pages.incrementAndGet(servers.indexOf(at));
                return browser.get(at, "/projects/" + slug + "/rank");
            }

            /** Posts a form of the page and shows the page its redirect leads to, from either server. */
            FormBrowser.Page post(String path, List<Map.Entry<String, String>> fields) {
                URI to = next();
                submits.incrementAndGet(servers.indexOf(to));
                URI then = next();
                pages.incrementAndGet(servers.indexOf(then));
                FormBrowser.Page page = browser.submit(to, path, fields, then);
                assertThat(page.status()).as(page.html()).isEqualTo(200);
                return page;
            }
        }

        @Override
        public Optional<QueueWorkload.Claim> next(Person person) {
            Tab tab = tabs.computeIfAbsent(person.id(), id -> new Tab(person));
            FormBrowser.Page page = tab.shown != null ? tab.shown : tab.open();
            tab.shown = null;
            assertThat(page.status()).as(page.html()).isEqualTo(200);
            tab.today = today(page);
            Matcher task = TASK.matcher(page.html());
            if (!task.find()) {
                assertThat(page.html()).contains("No rank tasks left for you");
                return Optional.empty();
            }
            List<String> candidates = new ArrayList<>();
            Matcher candidate = CANDIDATE.matcher(page.html());
            while (candidate.find()) {
                candidates.add(candidate.group(1));
            }
            return Optional.of(new QueueWorkload.Claim(
                    Long.parseLong(task.group(1)),
                    itemsByQuestion.get(Integer.parseInt(find(QUESTION, page))),
                    UUID.fromString(find(LEASE, page)),
                    candidates));
        }

        @Override
        public QueueWorkload.Submitted submit(Person person, QueueWorkload.Claim claim) {
            Tab tab = tabs.get(person.id());
            List<Map.Entry<String, String>> form = new ArrayList<>();
            form.add(Map.entry("leaseToken", claim.leaseToken().toString()));
            StringBuilder tiers = new StringBuilder("[");
            for (int i = 0; i < claim.candidateIds().size(); i++) {
                tiers.append(i == 0 ? "" : ",").append('[').append(i).append(']');
                form.add(Map.entry("candidate", claim.candidateIds().get(i)));
            }
            form.add(Map.entry("tiers", tiers.append(']').toString()));
            form.add(Map.entry("activeSeconds", "12"));
            FormBrowser.Page page = tab.post("/projects/" + slug + "/rank/" + claim.taskId(), form);
            assertThat(page.html()).as("the page after the submit").contains("Ranking submitted.");
            tab.shown = page;
            int before = tab.today;
            tab.today = today(page);
            return new QueueWorkload.Submitted(QueueWorkload.Submitted.UNNAMED, tab.today == before + 1);
        }

        @Override
        public void skip(Person person, QueueWorkload.Claim claim) {
            Tab tab = tabs.get(person.id());
            FormBrowser.Page page = tab.post(
                    "/projects/" + slug + "/tasks/" + claim.taskId() + "/skip",
                    List.of(
                            Map.entry("leaseToken", claim.leaseToken().toString()),
                            Map.entry("reason", "needs_expertise"),
                            Map.entry("next", "rank")));
            assertThat(page.html()).as("the page after the skip").contains("Task skipped.");
            tab.shown = page;
            tab.today = today(page);
        }

        private static int today(FormBrowser.Page page) {
            return Integer.parseInt(find(TODAY, page));
        }

        private static String find(Pattern pattern, FormBrowser.Page page) {
            Matcher matcher = pattern.matcher(page.html());
            assertThat(matcher.find()).as("%s on %s", pattern, page.html()).isTrue();
            return matcher.group(1);
        }
    }
}
