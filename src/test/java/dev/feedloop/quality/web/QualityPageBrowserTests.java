package dev.feedloop.quality.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The quality page in Chromium: every chart is drawn (agreement over time too), tables sort on a click, the console stays clean. */
@IntegrationTest
class QualityPageBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Test
    void chartsAreDrawnTablesSortAndNothingGoesToTheConsole() {
        TestProject project = data.project().rankings(3).create();
        UserView admin = data.admin();
        List<UserView> people = List.of(data.user(), data.user(), data.user());
        people.forEach(p -> data.member(project, p, "ANNOTATOR"));
        data.items(project, "q", 20, 3);
        List<Long> items = jdbc.sql("SELECT id FROM item WHERE project_id = ? ORDER BY id")
                .param(project.id())
                .query(Long.class)
                .list();
        Random random = new Random(3);
        Instant now = Instant.now().minus(1, ChronoUnit.MINUTES);
        List<List<String>> orders = List.of(List.of("a", "b", "c"), List.of("a", "c", "b"), List.of("b", "a", "c"));
        for (int i = 0; i < items.size(); i++) {
            for (UserView person : people) {
                List<String> order = orders.get(random.nextInt(orders.size()));
                data.ranking(items.get(i), person.id())
                        .tiers(List.of(order.get(0)), List.of(order.get(1)), List.of(order.get(2)))
                        .displayed("a", "b", "c")
                        .rating(order.get(0), "helpfulness", 6 + random.nextInt(2))
                        .rating(order.get(2), "helpfulness", 1 + random.nextInt(3))
                        .activeSeconds(5 + random.nextInt(300))
                        .at(now.minus(i % 5, ChronoUnit.DAYS))
                        .insert();
            }
        }

        try (Browser browser = Browser.open(port)) {
            browser.signIn(admin.username()).go("/projects/" + project.slug() + "/quality");
            browser.waitUntil(d -> browser.findAll("canvas[data-chart]").stream()
                    .allMatch(c -> c.getDomAttribute("data-drawn") != null));
            for (WebElement canvas : browser.findAll("canvas[data-chart]")) {
                assertThat(canvas.getSize().getHeight())
                        .as(canvas.getDomAttribute("data-chart"))
                        .isGreaterThan(100);
            }
            // the time buckets read as seconds, then whole minutes, in the page's language
            assertThat(browser.script(
                            "return Chart.getChart(document.querySelector('canvas[data-chart=times]')).data.labels"))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                    .startsWith("up to 10\u00a0s", "up to 30\u00a0s", "up to 1\u00a0min")
                    .endsWith("up to 20\u00a0min", "more than 20\u00a0min");
            // agreement over time: two lines (with and without ties) and the comparisons as bars
            assertThat(browser.find("canvas[data-chart=overTime]").getDomAttribute("data-drawn"))
                    .isEqualTo("3");
            browser.screenshot("quality-1-page");
            browser.script("document.querySelector('canvas[data-chart=overTime]').scrollIntoView()");
            browser.screenshot("quality-1-over-time");
            browser.script("document.querySelector('.gold-status').scrollIntoView()");
            browser.screenshot("quality-5-gold");
            browser.script("document.querySelector('canvas[data-chart=leaderboard]').scrollIntoView()");
            browser.screenshot("quality-2-leaderboard");
            browser.script("document.querySelector('canvas[data-chart=daily]').scrollIntoView()");
            browser.screenshot("quality-3-activity");
            browser.script("document.querySelector('canvas[data-chart=ratings]').scrollIntoView()");
            browser.screenshot("quality-4-ratings");

            WebElement annotatorHeading = browser.find("table[data-annotators] thead th:nth-child(2)");
            browser.script("arguments[0].scrollIntoView({block: 'center'})", annotatorHeading);
            annotatorHeading.click();
            List<Integer> ascending = comparisons(browser);
            annotatorHeading.click();
            List<Integer> descending = comparisons(browser);

            assertThat(ascending).isSorted().hasSize(3);
            assertThat(descending).containsExactlyElementsOf(ascending.reversed());
            assertThat(annotatorHeading.getDomAttribute("aria-sort")).isEqualTo("descending");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void theItemListKeepsThePromptReadableBesideItemsOfManyModels() {
        TestProject project = data.project().rankings(3).create();
        String prompt = "Please explain how to reverse a list in Python, with an example and the pitfalls.";
        for (int i = 0; i < 3; i++) {
            data.itemAsking(
                    project,
                    prompt,
                    "gpt-4o-2024-08-06",
                    "one",
                    "llama-3.1-70b-instruct",
                    "two",
                    "mistral-7b-instruct-v0.3",
                    "three",
                    "qwen-2.5-7b-instruct",
                    "four");
        }
        try (Browser browser = Browser.open(port)) {
            browser.signIn(data.admin().username()).go("/projects/" + project.slug() + "/items");
            WebElement cell = browser.find("table[data-items] tbody td.item-prompt");
            browser.screenshot("items-1-list");
            assertThat(cell.getSize().getWidth()).isGreaterThan(200);
            assertThat(cell.getSize().getHeight()).isLessThan(120);
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    private static List<Integer> comparisons(Browser browser) {
        return browser.findAll("table[data-annotators] tbody tr td:nth-child(2)").stream()
                .map(td -> Integer.parseInt(td.getText().strip()))
                .toList();
    }
}
