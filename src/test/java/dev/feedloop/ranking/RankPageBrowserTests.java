package dev.feedloop.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class RankPageBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    JsonMapper json;

    @Autowired
    Rankings rankings;

    @Test
    void annotatorRanksFourAnswersWithOneTieAndRatingsByKeyboardOnly() {
        var annotator = data.user();
        TestProject project = data.project().rankings(1).demonstrations(0).create();
        data.member(project, annotator, "ANNOTATOR");
        long itemId = data.itemAsking(
                project,
                "Name three primary colours.",
                "m1",
                "Red, yellow and blue.",
                "m2",
                "Red, green and blue (additive).",
                "m3",
                "Cyan, magenta and yellow.",
                "m4",
                "Colours are nice.\n\n" + "More text. ".repeat(200));

        try (Browser browser = Browser.open(port)) {
            browser.signIn(annotator.username()).go("/projects/" + project.slug() + "/rank");
            browser.waitUntil(d -> browser.findAll(".rank-chip").size() == 4);
            List<String> labels = browser.findAll("[data-candidate-card]").stream()
                    .map(card -> card.getDomAttribute("data-candidate-id"))
                    .toList();
            browser.screenshot("rank-1-keyboard-start");

            keys(browser, "a", "1", "2", "=", "3");
            assertThat(browser.find("[data-rank-submit]").getText()).isEqualTo("Submit ranking");
            keys(browser, "a", "r", "6", Keys.TAB, "5", Keys.ESCAPE, "b", "r", "4", Keys.ESCAPE);
            assertThat(browser.findAll(".rank-tier")).hasSize(3);
            assertThat(browser.find(".rank-tier.is-tie").getText())
                    .contains("B")
                    .contains("C");
            browser.screenshot("rank-2-keyboard-ranked");
            keys(browser, Keys.ENTER);
            browser.waitUntil(d -> !browser.findAll(".queue-empty").isEmpty());
            browser.screenshot("rank-3-submitted");

            RankingView ranking = rankings.ofItem(itemId).get(0);
            assertThat(labels).as("model names hidden: cards carry labels").containsExactly("A", "B", "C", "D");
            List<String> shown = ranking.displayedOrder();
            assertThat(shown).containsExactlyInAnyOrder("a", "b", "c", "d");
            assertThat(ranking.tiers()).hasSize(3);
            assertThat(ranking.tiers().get(0)).containsExactly(shown.get(0));
            assertThat(ranking.tiers().get(1)).containsExactlyInAnyOrder(shown.get(1), shown.get(2));
            assertThat(ranking.tiers().get(2)).containsExactly(shown.get(3));
            assertThat(ranking.ratings())
                    .containsEntry(shown.get(0), Map.of("helpfulness", 6, "truthfulness", 5))
                    .containsEntry(shown.get(1), Map.of("helpfulness", 4))
                    .hasSize(2);
            assertThat(ranking.noneAcceptable()).isFalse();
        }
    }

    @Test
    void annotatorRanksByDragAndDropAndMakesATieByDroppingOnATier() {
        var annotator = data.user();
        TestProject project = data.project().rankings(1).demonstrations(0).create();
        data.member(project, annotator, "ANNOTATOR");
        long itemId = data.itemAsking(project, "Say hello.", "m1", "Hello!", "m2", "Hi there.", "m3", "Greetings.");

        try (Browser browser = Browser.open(port)) {
            browser.signIn(annotator.username()).go("/projects/" + project.slug() + "/rank");
            browser.waitUntil(d -> browser.findAll(".rank-chip").size() == 3);
            List<String> labels = browser.findAll("[data-candidate-card]").stream()
                    .map(card -> card.getDomAttribute("data-candidate-id"))
                    .toList();

            drag(browser, chip(browser, "A"), browser.find(".rank-gap-last"));
            browser.waitUntil(d -> browser.findAll(".rank-tier").size() == 1);
            drag(browser, chip(browser, "B"), browser.find(".rank-gap-last"));
            browser.waitUntil(d -> browser.findAll(".rank-tier").size() == 2);
            WebElement target = browser.findAll(".rank-tier-chips").get(0);
            int before = target.getRect().getY();
            new Actions(browser.driver())
                    .moveToElement(chip(browser, "C"))
                    .clickAndHold()
                    .pause(Duration.ofMillis(150))
                    .moveByOffset(8, 8)
                    .pause(Duration.ofMillis(150))
                    .perform();
            browser.waitUntil(d -> !browser.findAll(".rank-board.is-dragging").isEmpty());
            assertThat(target.getRect().getY())
                    .as("drop targets stay where they were when a drag starts")
                    .isCloseTo(before, org.assertj.core.data.Offset.offset(2));
            new Actions(browser.driver())
                    .moveToElement(target)
                    .pause(Duration.ofMillis(150))
                    .moveToElement(target, 2, 2)
                    .pause(Duration.ofMillis(250))
                    .release()
                    .perform();
            browser.waitUntil(d -> browser.findAll(".rank-tier.is-tie").size() == 1);
            browser.screenshot("rank-4-dragged");
            browser.find("[data-rank-submit]").click();
            browser.waitUntil(d -> !browser.findAll(".queue-empty").isEmpty());

            RankingView ranking = rankings.ofItem(itemId).get(0);
            assertThat(labels).containsExactly("A", "B", "C");
            List<String> shown = ranking.displayedOrder();
            assertThat(ranking.tiers()).hasSize(2);
            assertThat(ranking.tiers().get(0)).containsExactlyInAnyOrder(shown.get(0), shown.get(2));
            assertThat(ranking.tiers().get(1)).containsExactly(shown.get(1));
        }
    }

    @Test
    void submitButtonSaysWhatIsMissingAndNoneAcceptableCompletesTheTask() {
        var annotator = data.user();
        TestProject project = data.project()
                .rankings(1)
                .demonstrations(0)
                .pairwiseStrength(true)
                .create();
        data.member(project, annotator, "ANNOTATOR");
        long itemId = data.itemAsking(project, "2 + 2?", "m1", "5", "m2", "22");

        try (Browser browser = Browser.open(port)) {
            browser.signIn(annotator.username()).go("/projects/" + project.slug() + "/rank");
            browser.waitUntil(d -> browser.findAll(".rank-chip").size() == 2);
            assertThat(browser.find("[data-rank-submit]").getText()).isEqualTo("Place A, B");
            keys(browser, Keys.ENTER);
            WebElement missing = browser.find("[data-rank-missing]");
            assertThat(missing.getText()).startsWith("Not submitted yet. Place A, B: drag each answer");
            assertThat(missing.getDomAttribute("class")).contains("is-missing");
            keys(browser, "1");
            assertThat(browser.find("[data-rank-submit]").getText()).isEqualTo("Place B");
            assertThat(missing.getText())
                    .as("the refusal goes once the ranking changes")
                    .isEmpty();
            assertThat(missing.getDomAttribute("class")).doesNotContain("is-missing");
            keys(browser, "2");
            assertThat(browser.find("[data-strength]").isDisplayed()).isTrue();
            browser.screenshot("rank-5-pairwise-strength");
            keys(browser, "n");
            assertThat(browser.find("[data-rank-submit]").getText()).isEqualTo("Submit ranking");
            keys(browser, Keys.ENTER);
            browser.waitUntil(d -> !browser.findAll(".queue-empty").isEmpty());
        }
        RankingView ranking = rankings.ofItem(itemId).get(0);
        assertThat(ranking.noneAcceptable()).isTrue();
        assertThat(ranking.tiers()).isEmpty();
    }

    @Test
    void anUnsubmittedRankingSurvivesClosingTheTabAndIsGoneOnceSubmitted() {
        var annotator = data.user();
        TestProject project = data.project().rankings(1).demonstrations(0).create();
        data.member(project, annotator, "ANNOTATOR");
        long itemId = data.itemAsking(project, "Say hello.", "m1", "Hello!", "m2", "Hi there.", "m3", "Greetings.");
        String page = "/projects/" + project.slug() + "/rank";

        try (Browser browser = Browser.open(port)) {
            browser.signIn(annotator.username()).go(page);
            browser.waitUntil(d -> browser.findAll(".rank-chip").size() == 3);
            keys(browser, "b", "1", "a", "2", "=");
            browser.find("[data-rationale]").sendKeys("B says it best.");
            assertThat(browser.findAll(".rank-tier")).hasSize(2);

            WebDriver driver = browser.driver();
            String first = driver.getWindowHandle();
            driver.switchTo().newWindow(WindowType.TAB);
            String second = driver.getWindowHandle();
            driver.switchTo().window(first).close();
            driver.switchTo().window(second);
            browser.go(page);

            browser.waitUntil(d -> browser.findAll(".rank-tier").size() == 2);
            assertThat(browser.find("[data-notice]").getText()).contains("unsubmitted ranking");
            assertThat(browser.find("#cand-B [data-placement]").getText()).isEqualTo("tier 1");
            assertThat(browser.find("#cand-A [data-placement]").getText()).isEqualTo("tier 2");
            assertThat(browser.find("#cand-C [data-placement]").getText()).isEqualTo("tier 2");
            assertThat(browser.find("[data-rationale]").getDomProperty("value")).isEqualTo("B says it best.");
            assertThat(keptRankings(browser)).isNotBlank();
            browser.screenshot("rank-6-reopened");

            browser.find("[data-rank-submit]").click();
            browser.waitUntil(d -> !browser.findAll(".queue-empty").isEmpty());
            assertThat(keptRankings(browser)).as("nothing kept once sent").isEmpty();
        }
        RankingView ranking = rankings.ofItem(itemId).get(0);
        List<String> shown = ranking.displayedOrder();
        assertThat(ranking.tiers()).hasSize(2);
        assertThat(ranking.tiers().get(0)).containsExactly(shown.get(1));
        assertThat(ranking.tiers().get(1)).containsExactlyInAnyOrder(shown.get(0), shown.get(2));
        assertThat(ranking.rationale()).isEqualTo("B says it best.");
    }

    private static String keptRankings(Browser browser) {
        return (String) browser.script("return Object.keys(window.localStorage)"
                + ".filter(function (k) { return k.indexOf('feedloop-kept-rank-') === 0; }).join(' ');");
    }

    private static WebElement chip(Browser browser, String letter) {
        return browser.findAll(".rank-chip").stream()
                .filter(c -> c.getText().equals(letter))
                .findFirst()
                .orElseThrow();
    }

    private static void keys(Browser browser, CharSequence... keys) {
        for (CharSequence key : keys) {
            new Actions(browser.driver()).sendKeys(key).perform();
        }
    }

    /** A real mouse drag (SortableJS runs in fallback mode, which follows mouse events). */
    private static void drag(Browser browser, WebElement from, WebElement to) {
        new Actions(browser.driver())
                .moveToElement(from)
                .clickAndHold()
                .pause(Duration.ofMillis(150))
                .moveByOffset(8, 8)
                .pause(Duration.ofMillis(150))
                .moveToElement(to)
                .pause(Duration.ofMillis(150))
                .moveToElement(to, 2, 2)
                .pause(Duration.ofMillis(250))
                .release()
                .perform();
    }
}
