package dev.feedloop.labeling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chromium.HasCdp;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class WritePageBrowserTests {

    static final String PROMPT = """
            Explain what this **Java** method does and suggest a better name:

            ```java
            int f(List<Integer> xs) { return xs.stream().mapToInt(x -> x).sum(); }
            ```

            | input | output |
            |---|---|
            | [1, 2] | 3 |
            """;

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Test
    void labelerStartsFromACandidateFindsTheDraftAfterAReloadAndSubmits() {
        var labeler = data.user();
        TestProject project = data.project().rankings(0).demonstrations(1).create();
        data.member(project, labeler, "LABELER")
                .guidelines(project, "# How to write\n\n- Be **correct** first.\n- Then be brief.");
        long itemId = data.itemAsking(
                project,
                PROMPT,
                "model-x",
                "It sums the list.",
                "model-y",
                "The method adds up all integers in `xs`.\n\nA better name is `sum`.");

        try (Browser browser = Browser.open(port)) {
            browser.signIn(labeler.username());
            assertThat(browser.find(".work-queues").getText()).contains(project.slug());
            browser.screenshot("home-1-work-queues");
            browser.find(".work-links a[href$='/write']").click();
            browser.waitUntil(d -> browser.find("[data-editor]").isDisplayed());
            assertThat(browser.find(".conversation pre code").getDomAttribute("class"))
                    .contains("hljs");
            browser.screenshot("write-1-task");

            browser.find("[data-start-from='B']").click();
            WebElement editor = browser.find("[data-editor]");
            assertThat(editor.getDomProperty("value")).startsWith("The method adds up");
            editor.sendKeys(Keys.END, Keys.chord(Keys.CONTROL, Keys.END), "\n\nIt returns 0 for an empty list.");
            browser.waitUntil(
                    d -> "saved".equals(browser.find("[data-save-state]").getDomAttribute("data-state")));
            browser.screenshot("write-2-draft-saved");

            browser.driver().navigate().refresh();
            browser.waitUntil(d -> browser.find("[data-editor]").isDisplayed());
            assertThat(browser.find("[data-editor]").getDomProperty("value"))
                    .startsWith("The method adds up")
                    .endsWith("It returns 0 for an empty list.");
            assertThat(browser.find("[data-based-on-label]").getText()).contains("B");

            browser.find("[data-editor-mode=split]").click();
            browser.waitUntil(d -> browser.find("#preview code") != null);
            browser.find("[data-toggle-panel='#guidelines-panel']").click();
            browser.waitUntil(d -> browser.find("#guidelines-panel").isDisplayed());
            browser.screenshot("write-3-split-and-guidelines");
            browser.find("#guidelines-panel").sendKeys(Keys.ESCAPE);

            browser.find("[data-editor]").sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
            browser.waitUntil(d -> !browser.findAll(".queue-empty").isEmpty());
            browser.screenshot("write-4-queue-empty");
        }

        var stored = jdbc.sql("""
                        SELECT d.content, c.external_id FROM demonstration d
                        JOIN candidate c ON c.id = d.based_on_candidate_id WHERE d.item_id = ?
                        """)
                .param(itemId)
                .query((rs, n) -> Map.of("content", rs.getString(1), "basedOn", rs.getString(2)))
                .single();
        assertThat(stored.get("basedOn")).isEqualTo("b");
        assertThat(stored.get("content")).endsWith("It returns 0 for an empty list.");
        assertThat(jdbc.sql("SELECT count(*) FROM draft").query(Integer.class).single())
                .isZero();
    }

    @Test
    void anEmptySubmitSaysWhatToDoUntilThereIsText() {
        var labeler = data.user();
        TestProject project = data.project().rankings(0).demonstrations(1).create();
        data.member(project, labeler, "LABELER");
        data.itemAsking(project, "Say hello", "m", "Hello there.");

        try (Browser browser = Browser.open(port)) {
            browser.signIn(labeler.username()).go("/projects/" + project.slug() + "/write");
            browser.find(".editor-actions button[type=submit]").click();
            WebElement hint = browser.find("[data-submit-hint]");
            assertThat(hint.getText()).isEqualTo("Write an answer before submitting.");
            assertThat(browser.path()).endsWith("/write");

            browser.find("[data-editor]").sendKeys("Hello");
            assertThat(hint.getText()).as("typed text takes the refusal away").isEmpty();

            browser.find("[data-editor]").clear();
            browser.find(".editor-actions button[type=submit]").click();
            assertThat(hint.getText()).isEqualTo("Write an answer before submitting.");
            browser.find("[data-start-from='A']").click();
            assertThat(hint.getText())
                    .as("starting from an answer takes it away too")
                    .isEmpty();
        }
    }

    @Test
    void multiLineTextTypedInTheEditorIsStoredWithLineFeeds() {
        var labeler = data.user();
        TestProject project = data.project().rankings(0).demonstrations(1).create();
        data.member(project, labeler, "LABELER");
        long itemId = data.itemAsking(project, "Write three lines", "m", "one");

        try (Browser browser = Browser.open(port)) {
            browser.signIn(labeler.username()).go("/projects/" + project.slug() + "/write");
            WebElement editor = browser.find("[data-editor]");
            editor.sendKeys(
                    "The first line of the answer", Keys.ENTER, "the second line", Keys.ENTER, Keys.ENTER, "the last");
            editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
            browser.waitUntil(d -> !browser.findAll(".queue-empty").isEmpty());
        }

        assertThat(jdbc.sql("SELECT content FROM demonstration WHERE item_id = ?")
                        .param(itemId)
                        .query(String.class)
                        .single())
                .isEqualTo("The first line of the answer\nthe second line\n\nthe last");
    }

    @Test
    void twoTabsOnOneTaskNeitherOverwriteEachOtherNorLoseText() {
        var labeler = data.user();
        TestProject project = data.project().rankings(0).demonstrations(1).create();
        data.member(project, labeler, "LABELER");
        long first = data.itemAsking(project, "First prompt", "m", "one");
        long second = data.itemAsking(project, "Second prompt", "m", "two");
        String tabOneText = "Tab one writes this answer, long enough to submit.";
        String tabTwoText = "Tab two writes a different answer, also long enough.";
        String sameText = "Both tabs send exactly this answer to the second prompt.";

        try (Browser browser = Browser.open(port)) {
            WebDriver driver = browser.driver();
            browser.signIn(labeler.username()).go("/projects/" + project.slug() + "/write");
            String tabOne = driver.getWindowHandle();
            driver.switchTo().newWindow(WindowType.TAB);
            browser.go("/projects/" + project.slug() + "/write");
            String tabTwo = driver.getWindowHandle();

            driver.switchTo().window(tabOne);
            browser.find("[data-editor]").sendKeys(tabOneText);
            browser.waitUntil(
                    d -> "saved".equals(browser.find("[data-save-state]").getDomAttribute("data-state")));

            driver.switchTo().window(tabTwo);
            browser.find("[data-editor]").sendKeys(tabTwoText);
            browser.waitUntil(d -> browser.find("[data-draft-conflict]").isDisplayed());
            assertThat(browser.find("[data-draft-conflict]").getText())
                    .contains("This task is open in another tab or device");
            assertThat(browser.find("[data-editor]").getDomProperty("value")).isEqualTo(tabTwoText);
            browser.screenshot("write-7-two-tabs-draft-conflict");
            assertThat(jdbc.sql("SELECT content FROM draft").query(String.class).single())
                    .as("the second tab did not overwrite the first one's draft")
                    .isEqualTo(tabOneText);
            browser.find("[data-draft-load]").click();
            browser.waitUntil(
                    d -> tabOneText.equals(browser.find("[data-editor]").getDomProperty("value")));
            assertThat(browser.find("[data-draft-conflict]").isDisplayed()).isFalse();
            assertThat(browser.script("return document.activeElement.hasAttribute('data-editor');"))
                    .as("typing goes on in the editor after choosing")
                    .isEqualTo(true);
            browser.find("[data-editor]").sendKeys(Keys.chord(Keys.CONTROL, "a"), tabTwoText);
            browser.waitUntil(
                    d -> "saved".equals(browser.find("[data-save-state]").getDomAttribute("data-state")));
            assertThat(jdbc.sql("SELECT content FROM draft").query(String.class).single())
                    .as("after loading the newer draft the second tab saves over it again")
                    .isEqualTo(tabTwoText);

            driver.switchTo().window(tabOne);
            browser.find("[data-editor]").sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
            browser.waitUntil(d -> browser.find(".flash-ok").getText().contains("Answer submitted"));

            driver.switchTo().window(tabTwo);
            browser.find("[data-editor]").sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
            browser.waitUntil(d -> !browser.findAll("[data-kept-text]").isEmpty());
            assertThat(browser.find("[data-kept-reason]").getText())
                    .contains("already submitted from another tab or device");
            assertThat(browser.find("[data-kept-text]").getDomProperty("value")).isEqualTo(tabTwoText);
            browser.screenshot("write-8-two-tabs-submit-conflict");
            assertThat(demonstrations(first)).containsExactly(tabOneText);

            browser.find(".kept-work a.btn-primary").click();
            browser.waitUntil(d -> browser.find(".conversation").getText().contains("Second prompt"));
            driver.switchTo().window(tabOne);
            assertThat(browser.find(".conversation").getText()).contains("Second prompt");
            browser.find("[data-editor]").sendKeys(sameText, Keys.chord(Keys.CONTROL, Keys.ENTER));
            browser.waitUntil(d -> !browser.findAll(".queue-empty").isEmpty());
            long judgment = jdbc.sql("SELECT id FROM demonstration WHERE item_id = ?")
                    .param(second)
                    .query(Long.class)
                    .single();

            driver.switchTo().window(tabTwo);
            browser.find("[data-editor]").sendKeys(sameText, Keys.chord(Keys.CONTROL, Keys.ENTER));
            browser.waitUntil(d -> !browser.findAll(".queue-empty").isEmpty());
            assertThat(browser.find(".flash-ok").getText()).contains("Answer submitted");
            assertThat(jdbc.sql("SELECT id FROM demonstration WHERE item_id = ?")
                            .param(second)
                            .query(Long.class)
                            .list())
                    .as("the same text from the second tab is the same demonstration")
                    .containsExactly(judgment);
        }
    }

    private java.util.List<String> demonstrations(long itemId) {
        return jdbc.sql("SELECT content FROM demonstration WHERE item_id = ? ORDER BY id")
                .param(itemId)
                .query(String.class)
                .list();
    }

    @Test
    void writePageSpeaksRussian() {
        var labeler = data.user();
        TestProject project = data.project().rankings(0).demonstrations(1).create();
        data.member(project, labeler, "LABELER");
        data.itemAsking(
                project,
                "Объясни, что такое **рекурсия**.",
                "m1",
                "Это когда функция вызывает себя.",
                "m2",
                "См. рекурсию.");

        try (Browser browser = Browser.open(port)) {
            browser.signIn(labeler.username()).go("/projects/" + project.slug() + "/write");
            new org.openqa.selenium.support.ui.Select(browser.find("#lang-select")).selectByValue("ru");
            browser.waitUntil(d -> browser.find("[data-write-form] button[type=submit]")
                    .getText()
                    .equals("Отправить ответ"));
            browser.find("[data-open-dialog='#compare-dialog']").click();
            browser.screenshot("write-5-russian-side-by-side");
            browser.find("#compare-dialog [data-close-dialog]").click();
            browser.find("[data-open-dialog='#skip-dialog']").click();
            browser.screenshot("write-6-russian-skip");
            assertThat(browser.find("#skip-dialog").getText()).contains("Пропустить задачу");
        }
    }

    /**
     * The page counts what is typed and what is pasted into the answer, keeps the counts with the
     * draft across a reload, and the reviewer sees them. The paste is a real one: the text is put
     * on the browser's clipboard (clipboard permission granted through the DevTools protocol) and
     * pasted with Ctrl+V, so the page gets the browser's own paste event and insertion.
     */
    @Test
    void typedAndPastedCharactersAreCountedKeptWithTheDraftAndShownToTheReviewer() {
        UserView labeler = data.user();
        UserView reviewer = data.user();
        TestProject project = data.project().rankings(0).demonstrations(1).create();
        data.member(project, labeler, "LABELER").member(project, reviewer, "REVIEWER");
        long itemId = data.itemAsking(
                project, "How do I reverse a list in Python?", "m", "Use reversed(xs) or the slice xs[::-1].");
        String typedFirst = "Slicing makes a copy: ";
        String pasted = "xs[::-1]\r\nreturns a new list in reverse order.";
        String pastedAsStored = "xs[::-1]\nreturns a new list in reverse order.";
        String typedAfterReload = " Done";

        Browser browser = Browser.open(port);
        try (browser) {
            browser.signIn(labeler.username()).go("/projects/" + project.slug() + "/write");
            browser.find("[data-start-from='A']").click();
            WebElement editor = browser.find("[data-editor]");
            assertThat(editor.getDomProperty("value")).startsWith("Use reversed");
            editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), typedFirst);
            putOnClipboard(browser, pasted);
            editor.sendKeys(Keys.chord(Keys.CONTROL, "v"));
            assertThat(editor.getDomProperty("value"))
                    .as("Ctrl+V pasted the clipboard")
                    .isEqualTo(typedFirst + pastedAsStored);
            editor.sendKeys("xx", Keys.BACK_SPACE, Keys.BACK_SPACE);
            browser.waitUntil(
                    d -> "saved".equals(browser.find("[data-save-state]").getDomAttribute("data-state")));
            assertThat(draftCounts())
                    .as("the answer it started from counts neither as typed nor as pasted; deleting subtracts nothing")
                    .isEqualTo(Map.of("pasted", pastedAsStored.length(), "typed", typedFirst.length() + 2));

            browser.driver().navigate().refresh();
            browser.waitUntil(d -> browser.find("[data-editor]").isDisplayed());
            editor = browser.find("[data-editor]");
            editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.END), typedAfterReload);
            editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
            browser.waitUntil(d -> !browser.findAll(".queue-empty").isEmpty());
        } finally {
            // The browser is kept for the next test, which must not find the clipboard open.
            ((HasCdp) browser.driver()).executeCdpCommand("Browser.resetPermissions", Map.of());
        }

        int typed = typedFirst.length() + 2 + typedAfterReload.length();
        var stored = jdbc.sql("SELECT content, pasted_chars, typed_chars FROM demonstration WHERE item_id = ?")
                .param(itemId)
                .query((rs, n) -> Map.of(
                        "content", rs.getString(1),
                        "pasted", rs.getInt(2),
                        "typed", rs.getInt(3)))
                .single();
        assertThat(stored)
                .as("the counts went on from the draft after the reload")
                .isEqualTo(Map.of(
                        "content",
                        typedFirst + pastedAsStored + typedAfterReload,
                        "pasted",
                        pastedAsStored.length(),
                        "typed",
                        typed));

        int percent = Math.round(100f * pastedAsStored.length() / (pastedAsStored.length() + typed));
        try (Browser again = Browser.open(port)) {
            again.signIn(reviewer.username()).go("/projects/" + project.slug() + "/review");
            again.waitUntil(d -> again.find("[data-review-approve]").isDisplayed());
            WebElement line = again.find("[data-review-input]");
            assertThat(line.getText())
                    .startsWith("typed " + typed + " · pasted " + pastedAsStored.length() + " characters (" + percent
                            + " %)")
                    .contains("mostly pasted");
            assertThat(line.getDomAttribute("class")).contains("is-mostly-pasted");
            again.screenshot("review-3-mostly-pasted");
        }
    }

    /** Puts {@code text} on the browser's clipboard, as copying it in another program would. */
    private void putOnClipboard(Browser browser, String text) {
        ((HasCdp) browser.driver())
                .executeCdpCommand(
                        "Browser.grantPermissions",
                        Map.of(
                                "origin",
                                "http://localhost:" + port,
                                "permissions",
                                List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        Object written = browser.script(
                "return navigator.clipboard.writeText(arguments[0]).then(() => 'written', e => String(e));", text);
        assertThat(written).as("the clipboard took the text").isEqualTo("written");
    }

    private Map<String, Integer> draftCounts() {
        return jdbc.sql("SELECT pasted_chars, typed_chars FROM draft")
                .query((rs, n) -> Map.of("pasted", rs.getInt(1), "typed", rs.getInt(2)))
                .single();
    }
}
