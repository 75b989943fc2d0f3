package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.ranking.RankingView;
import dev.feedloop.ranking.Rankings;
import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A session that ends under a work page (expired, or ended elsewhere): the page says so instead of
 * retrying or showing 403, keeps the work in the browser, and gives it back on the same task after
 * signing in again.
 */
@IntegrationTest
class SignedOutPagesBrowserTests {

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

    @Test
    void writePageKeepsTheTextWhenTheSessionEndsAndGivesItBackOnTheSameTaskAfterSigningIn() {
        var labeler = data.user();
        TestProject project = data.project().rankings(0).demonstrations(1).create();
        data.member(project, labeler, "LABELER");
        long itemId = data.itemAsking(project, "Explain recursion.", "m1", "It calls itself.");
        String page = "/projects/" + project.slug() + "/write";

        try (Browser browser = Browser.open(port)) {
            browser.signIn(labeler.username()).go(page);
            WebElement editor = browser.waitUntil(d -> browser.find("[data-editor]"));
            editor.sendKeys("A function that calls itself.");
            browser.waitUntil(d -> "saved".equals(saveState(browser)));
            String task = browser.find("[data-write-form]").getDomAttribute("data-task-id");

            endSessionsOf(labeler.username());
            editor.sendKeys(" Each call works on a smaller part of the problem.");
            browser.waitUntil(d -> browser.find("[data-signed-out]").isDisplayed());
            browser.waitUntil(d -> "signed-out".equals(saveState(browser)));
            assertThat(browser.find("[data-save-state]").getText())
                    .isEqualTo("Not saved: the session has ended")
                    .doesNotContain("retrying");
            assertThat(browser.find("[data-signed-out]").getText())
                    .contains("Your session has ended")
                    .contains("Your text is kept in this browser");
            browser.screenshot("signed-out-1-write");

            editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
            pause(1500);
            assertThat(browser.path()).isEqualTo(page);
            assertThat(browser.find("body").getText()).doesNotContain("403").doesNotContain("Access denied");
            assertThat(browser.find("[data-signed-out]").isDisplayed()).isTrue();
            assertThat(demonstrations(itemId)).isZero();

            browser.find("[data-sign-in-again]").click();
            signInOnThisPage(browser, labeler.username());
            browser.waitUntil(d -> browser.path().startsWith(page));
            editor = browser.waitUntil(d -> browser.find("[data-editor]"));
            assertThat(browser.find("[data-write-form]").getDomAttribute("data-task-id"))
                    .isEqualTo(task);
            assertThat(editor.getDomProperty("value"))
                    .isEqualTo("A function that calls itself. Each call works on a smaller part of the problem.");
            assertThat(browser.find("[data-notice]").getText()).contains("is back");
            assertThat(browser.findAll("[data-signed-out]").stream().noneMatch(WebElement::isDisplayed))
                    .isTrue();
            browser.screenshot("signed-out-2-write-restored");
            browser.waitUntil(d -> "saved".equals(saveState(browser)));
            assertThat(browser.script("return Object.keys(window.localStorage).join(' ');"))
                    .asString()
                    .doesNotContain("feedloop-kept-");

            editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
            browser.waitUntil(d -> !browser.findAll(".queue-empty").isEmpty());
        }
        assertThat(jdbc.sql("SELECT content FROM demonstration WHERE item_id = ?")
                        .param(itemId)
                        .query(String.class)
                        .single())
                .isEqualTo("A function that calls itself. Each call works on a smaller part of the problem.");
    }

    @Test
    void aSkipSentAfterTheSessionEndedSaysSoInsteadOfShowingAccessDenied() {
        var labeler = data.user();
        TestProject project = data.project().rankings(0).demonstrations(1).create();
        data.member(project, labeler, "LABELER");
        data.itemAsking(project, "Explain recursion.", "m1", "It calls itself.");
        String page = "/projects/" + project.slug() + "/write";

        try (Browser browser = Browser.open(port)) {
            browser.signIn(labeler.username()).go(page);
            WebElement editor = browser.waitUntil(d -> browser.find("[data-editor]"));
            editor.sendKeys("Half an answer.");
            browser.waitUntil(d -> "saved".equals(saveState(browser)));

            endSessionsOf(labeler.username());
            browser.find("[data-open-dialog='#skip-dialog']").click();
            browser.waitUntil(d -> browser.find("#skip-dialog").isDisplayed());
            browser.find("#skip-dialog [type=submit]").click();

            browser.waitUntil(d -> browser.find("[data-signed-out]").isDisplayed());
            assertThat(browser.path()).isEqualTo(page);
            assertThat(browser.find("body").getText()).doesNotContain("403").doesNotContain("Access denied");
            assertThat(editor.getDomProperty("value")).isEqualTo("Half an answer.");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM task_skip").query(Long.class).single())
                .isZero();
    }

    @Test
    void rankPageKeepsTheRankingWhenTheSessionEndsAndGivesItBackAfterSigningIn() {
        var annotator = data.user();
        TestProject project = data.project().rankings(1).demonstrations(0).create();
        data.member(project, annotator, "ANNOTATOR");
        long itemId = data.itemAsking(project, "Say hello.", "m1", "Hello!", "m2", "Hi there.", "m3", "Greetings.");
        String page = "/projects/" + project.slug() + "/rank";

        try (Browser browser = Browser.open(port)) {
            browser.signIn(annotator.username()).go(page);
            browser.waitUntil(d -> browser.findAll(".rank-chip").size() == 3);
            List<String> shown = browser.findAll("[data-candidate-card]").stream()
                    .map(card -> card.getDomAttribute("data-candidate-id"))
                    .toList();
            keys(browser, "b", "1", "a", "2", "=");
            browser.find("#cand-B [data-rating] input[value='6']")
                    .findElement(By.xpath(".."))
                    .click();
            browser.find("#cand-C [data-flags] input[value='refusal']")
                    .findElement(By.xpath(".."))
                    .click();
            browser.find("[data-rationale]").sendKeys("B is the friendliest.");

            endSessionsOf(annotator.username());
            browser.find("[data-rank-submit]").click();
            browser.waitUntil(d -> browser.find("[data-signed-out]").isDisplayed());
            assertThat(browser.path()).isEqualTo(page);
            assertThat(browser.find("[data-signed-out]").getText()).contains("Your ranking, ratings and rationale");
            assertThat(browser.find("body").getText()).doesNotContain("Access denied");
            browser.screenshot("signed-out-3-rank");
            assertThat(rankings.ofItem(itemId)).isEmpty();

            browser.find("[data-sign-in-again]").click();
            signInOnThisPage(browser, annotator.username());
            browser.waitUntil(d -> browser.path().startsWith(page));
            browser.waitUntil(d -> browser.findAll(".rank-tier").size() == 2);
            assertThat(browser.find("[data-notice]").getText()).contains("is back");
            assertThat(browser.find("#cand-B [data-placement]").getText()).isEqualTo("tier 1");
            assertThat(browser.find("#cand-A [data-placement]").getText()).isEqualTo("tier 2");
            assertThat(browser.find("#cand-C [data-placement]").getText()).isEqualTo("tier 2");
            assertThat(browser.find("[data-rationale]").getDomProperty("value")).isEqualTo("B is the friendliest.");
            browser.screenshot("signed-out-4-rank-restored");

            browser.find("[data-rank-submit]").click();
            browser.waitUntil(d -> !browser.findAll(".queue-empty").isEmpty());
        }
        RankingView ranking = rankings.ofItem(itemId).get(0);
        assertThat(ranking.tiers()).hasSize(2);
        assertThat(ranking.tiers().get(0)).containsExactly(shown(ranking, 1));
        assertThat(ranking.tiers().get(1)).containsExactlyInAnyOrder(shown(ranking, 0), shown(ranking, 2));
        assertThat(ranking.ratings()).containsExactly(Map.entry(shown(ranking, 1), Map.of("helpfulness", 6)));
        assertThat(ranking.flags()).containsExactly(Map.entry(shown(ranking, 2), List.of("refusal")));
        assertThat(ranking.rationale()).isEqualTo("B is the friendliest.");
    }

    @Test
    void aPlainFormSentAfterTheSessionEndedKeepsTheTextAndGivesItBackAfterSigningIn() {
        var admin = data.admin();
        TestProject project = data.project().create();
        String page = "/projects/" + project.slug() + "/guidelines?edit=true";
        String text = "Rate the answer, not the model.";

        try (Browser browser = Browser.open(port)) {
            browser.signIn(admin.username()).go(page);
            WebElement editor = browser.find("main form textarea[name=content]");
            editor.clear();
            editor.sendKeys(text);
            endSessionsOf(admin.username());
            browser.find("main form button[type=submit]").click();

            browser.waitUntil(d -> browser.find("[data-signed-out]").isDisplayed());
            assertThat(browser.find("[data-signed-out]").getText())
                    .contains("What you typed in the form is kept in this browser");
            assertThat(browser.find("body").getText()).doesNotContain("Access denied");

            browser.find("[data-sign-in-again]").click();
            signInOnThisPage(browser, admin.username());
            browser.waitUntil(d -> browser.path().startsWith("/projects/" + project.slug() + "/guidelines"));
            assertThat(browser.find("main form textarea[name=content]").getDomProperty("value"))
                    .isEqualTo(text);
            assertThat(browser.find("[data-notice]").getText()).contains("is back in the form");

            browser.find("main form button[type=submit]").click();
            browser.waitUntil(
                    d -> browser.findAll("main form textarea[name=content]").isEmpty());
        }
        assertThat(jdbc.sql("SELECT content FROM guideline_version WHERE project_id = ? ORDER BY version DESC LIMIT 1")
                        .param(project.id())
                        .query(String.class)
                        .single())
                .isEqualTo(text);
    }

    @Test
    void importPageSaysTheFileWasNotImportedWhenTheSessionEnded(@TempDir Path dir) throws Exception {
        var admin = data.admin();
        TestProject project = data.project().create();
        Path file = dir.resolve("items.jsonl");
        Files.writeString(
                file, "{\"id\":\"q-1\",\"prompt\":\"Hi\",\"candidates\":[{\"id\":\"a\",\"content\":\"Hello\"}]}\n");

        try (Browser browser = Browser.open(port)) {
            browser.signIn(admin.username()).go("/projects/" + project.slug() + "/import");
            browser.find("#import-file").sendKeys(file.toString());
            endSessionsOf(admin.username());
            browser.find("#import-form button[type=submit]").click();

            browser.waitUntil(d -> browser.find("[data-signed-out]").isDisplayed());
            assertThat(browser.find("[data-signed-out]").getText())
                    .contains("The file was not imported")
                    .contains("choose it again");
            assertThat(browser.path()).isEqualTo("/projects/" + project.slug() + "/import");
            browser.screenshot("signed-out-5-import");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM item").query(Long.class).single())
                .isZero();
    }

    private static String shown(RankingView ranking, int position) {
        return ranking.displayedOrder().get(position);
    }

    private static String saveState(Browser browser) {
        return browser.find("[data-save-state]").getDomAttribute("data-state");
    }

    private void endSessionsOf(String username) {
        assertThat(jdbc.sql("DELETE FROM spring_session WHERE principal_name = ?")
                        .param(username)
                        .update())
                .isPositive();
    }

    private static void signInOnThisPage(Browser browser, String username) {
        browser.signInHere(username);
    }

    private long demonstrations(long itemId) {
        return jdbc.sql("SELECT count(*) FROM demonstration WHERE item_id = ?")
                .param(itemId)
                .query(Long.class)
                .single();
    }

    private static void keys(Browser browser, CharSequence... keys) {
        for (CharSequence key : keys) {
            new Actions(browser.driver()).sendKeys(key).perform();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
