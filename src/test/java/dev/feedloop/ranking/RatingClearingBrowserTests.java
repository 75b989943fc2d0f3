package dev.feedloop.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** A rating on the rank page can be taken back, by mouse and by keyboard, without touching the ranking. */
@IntegrationTest
class RatingClearingBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    Rankings rankings;

    Browser browser;

    long itemId;

    List<String> shown;

    @BeforeEach
    void openRankPage() {
        var annotator = data.user();
        TestProject project = data.project().rankings(1).demonstrations(0).create();
        data.member(project, annotator, "ANNOTATOR");
        itemId = data.itemAsking(project, "Say hello.", "m1", "Hello!", "m2", "Hi there.");
        browser = Browser.open(port);
        browser.signIn(annotator.username()).go("/projects/" + project.slug() + "/rank");
        browser.waitUntil(d -> browser.findAll(".rank-chip").size() == 2);
        // The page names candidates A, B in the task's order; rankings store their import ids.
        assertThat(browser.findAll("[data-candidate-card]").stream()
                        .map(card -> card.getDomAttribute("data-candidate-id"))
                        .toList())
                .containsExactly("A", "B");
        shown = json.readValue(
                jdbc.sql("SELECT candidate_order::text FROM task WHERE item_id = ? AND kind = 'RANK'")
                        .param(itemId)
                        .query(String.class)
                        .single(),
                new tools.jackson.core.type.TypeReference<List<String>>() {});
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void clickingTheChosenValueAgainClearsTheRating() {
        value("A", 0, 4).click();
        value("A", 1, 5).click();
        assertThat(checked("A", 0)).isEqualTo("4");

        value("A", 0, 4).click();
        assertThat(checked("A", 0)).isNull();
        assertThat(checked("A", 1)).isEqualTo("5");
        value("A", 0, 2).click();
        value("A", 0, 2).click();
        assertThat(checked("A", 0)).isNull();

        keys("a", "1", "2", Keys.ENTER);
        browser.waitUntil(d -> !browser.findAll(".queue-empty").isEmpty());
        RankingView ranking = rankings.ofItem(itemId).get(0);
        assertThat(ranking.ratings()).containsExactly(Map.entry(shown.get(0), Map.of("truthfulness", 5)));
    }

    @Test
    void zeroAndBackspaceInRatingModeClearTheRatingAndKeepTheAnswerRanked() {
        keys("a", "1", "2");
        assertThat(placement("A")).isEqualTo("tier 1");

        keys("a", "r", "6");
        assertThat(checked("A", 0)).isEqualTo("6");
        keys("0");
        assertThat(checked("A", 0)).isNull();
        assertThat(placement("A")).isEqualTo("tier 1");

        keys("3");
        assertThat(checked("A", 0)).isEqualTo("3");
        keys(Keys.BACK_SPACE);
        assertThat(checked("A", 0)).isNull();
        keys("5", Keys.DELETE);
        assertThat(checked("A", 0)).isNull();
        assertThat(placement("A")).isEqualTo("tier 1");
        assertThat(browser.findAll(".rank-tier")).hasSize(2);

        keys("4", Keys.ESCAPE, Keys.ENTER);
        browser.waitUntil(d -> !browser.findAll(".queue-empty").isEmpty());
        RankingView ranking = rankings.ofItem(itemId).get(0);
        assertThat(ranking.tiers()).containsExactly(List.of(shown.get(0)), List.of(shown.get(1)));
        assertThat(ranking.ratings()).containsExactly(Map.entry(shown.get(0), Map.of("helpfulness", 4)));
    }

    private org.openqa.selenium.WebElement value(String letter, int dimension, int value) {
        return browser.find("#cand-" + letter + " [data-rating]:nth-of-type(" + (dimension + 1) + ") input[value='"
                        + value + "']")
                .findElement(org.openqa.selenium.By.xpath(".."));
    }

    private String checked(String letter, int dimension) {
        var inputs = browser.findAll(
                "#cand-" + letter + " [data-rating]:nth-of-type(" + (dimension + 1) + ") input:checked");
        return inputs.isEmpty() ? null : inputs.get(0).getDomAttribute("value");
    }

    private String placement(String letter) {
        return browser.find("#cand-" + letter + " [data-placement]").getText();
    }

    private void keys(CharSequence... keys) {
        for (CharSequence key : keys) {
            new Actions(browser.driver()).sendKeys(key).perform();
        }
    }
}
