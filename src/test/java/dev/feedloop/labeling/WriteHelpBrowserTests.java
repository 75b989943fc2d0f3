package dev.feedloop.labeling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.ModelStub;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The write page's model help in a browser, against a real HTTP model server that streams. */
@IntegrationTest
class WriteHelpBrowserTests {

    @RegisterExtension
    static final ModelStub MODEL = new ModelStub();

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    TestProject project;
    UserView ann;
    long itemId;

    @BeforeEach
    void setUp() {
        project = data.project().rankings(0).demonstrations(1).create();
        ann = data.user();
        data.member(project, ann, "LABELER");
        itemId = data.itemAsking(project, "How far is the Moon?", "m1", "Far.");
        MODEL.register(jdbc, "Stub model", "stub-model");
        ModelStub.allowAll(jdbc, project.id());
    }

    Browser write(Browser browser) {
        browser.signIn(ann.username()).go("/projects/" + project.slug() + "/write");
        browser.waitUntil(d -> browser.find("[data-editor]").isDisplayed());
        return browser;
    }

    String editorText(Browser browser) {
        return browser.find("[data-editor]").getDomProperty("value");
    }

    @Test
    void aDraftStreamsIntoTheEditorAfterAConfirmationAndIsRecordedAsTheStartingPoint() {
        MODEL.streams(2500, "The Moon ", "is about ", "384,400 km ", "**away**.");
        try (Browser browser = write(Browser.open(port))) {
            browser.find("[data-editor]").sendKeys("My own start");
            browser.find("[data-help-draft]").click();
            browser.waitUntil(d -> browser.find("[data-confirm-dialog]").isDisplayed());
            assertThat(browser.find("[data-confirm-text]").getText()).contains("Stub model");
            browser.find("[data-confirm-ok]").click();

            browser.waitUntil(d -> editorText(browser).startsWith("The Moon"));
            assertThat(editorText(browser))
                    .as("streams in pieces")
                    .isNotEqualTo("The Moon is about 384,400 km **away**.");
            assertThat(browser.find("[data-help-stop]").isDisplayed()).isTrue();
            browser.screenshot("write-help-1-streaming");

            browser.waitUntil(d -> editorText(browser).equals("The Moon is about 384,400 km **away**."));
            browser.waitUntil(d -> browser.find("[data-help-status]").getText().contains("finished the draft"));
            assertThat(browser.find("[data-based-on-label]").getText()).isEqualTo("Started from a draft by Stub model");
            browser.waitUntil(d -> browser.find("#preview strong") != null);

            browser.find("[data-editor]").sendKeys(Keys.chord(Keys.CONTROL, Keys.END), " On average.");
            browser.find("[data-editor]").sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
            browser.waitUntil(d -> !browser.findAll(".queue-empty").isEmpty());
        }

        var stored = jdbc.sql("""
                        SELECT d.content, a.content AS draft, a.stopped, a.endpoint_name, d.based_on_candidate_id
                        FROM demonstration d JOIN write_assist a ON a.id = d.model_draft_id WHERE d.item_id = ?
                        """)
                .param(itemId)
                .query((rs, n) -> Map.of(
                        "content", rs.getString("content"),
                        "draft", rs.getString("draft"),
                        "stopped", rs.getBoolean("stopped"),
                        "endpoint", rs.getString("endpoint_name"),
                        "candidate", String.valueOf(rs.getObject("based_on_candidate_id"))))
                .single();
        assertThat(stored)
                .containsEntry("draft", "The Moon is about 384,400 km **away**.")
                .containsEntry("stopped", false)
                .containsEntry("endpoint", "Stub model")
                .containsEntry("candidate", "null")
                .containsEntry("content", "The Moon is about 384,400 km **away**. On average.");
    }

    @Test
    void stoppingKeepsTheTextSoFarAndRecordsItAsStopped() {
        MODEL.streams(8000, "One ", "two ", "three ", "four ", "five ", "six ", "seven ", "eight.");
        try (Browser browser = write(Browser.open(port))) {
            browser.find("[data-help-draft]").click();
            browser.waitUntil(d -> editorText(browser).startsWith("One"));
            browser.find("[data-help-stop]").click();
            browser.waitUntil(d -> browser.find("[data-help-status]").getText().startsWith("Stopped"));
            String kept = editorText(browser);
            assertThat(kept).startsWith("One").doesNotEndWith("eight.");
            assertThat(browser.find("[data-help-draft]").isDisplayed()).isTrue();
            assertThat(browser.find("[data-editor]").getDomProperty("readOnly")).isEqualTo("false");
            browser.waitUntil(d -> jdbc.sql("SELECT count(*) FROM write_assist WHERE stopped")
                            .query(Integer.class)
                            .single()
                    == 1);
            assertThat(editorText(browser)).isEqualTo(kept);
        }
    }

    @Test
    void aFailedDraftSaysWhyAndKeepsTheText() {
        MODEL.fails(500);
        try (Browser browser = write(Browser.open(port))) {
            browser.find("[data-editor]").sendKeys("Keep me");
            browser.find("[data-help-draft]").click();
            browser.find("[data-confirm-ok]").click();
            browser.waitUntil(d -> browser.find("[data-help-error]").isDisplayed());
            assertThat(browser.find("[data-help-error]").getText())
                    .isEqualTo("Stub model answered with the error 500. Try again, or choose another model.");
            assertThat(editorText(browser)).isEqualTo("Keep me");
            assertThat(browser.find("[data-help-draft]").isDisplayed()).isTrue();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM write_assist")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void checkMyAnswerListsProblemsBesideTheEditorAndChangesNothingAtPhoneWidth() {
        MODEL.answers(
                "{\"problems\": [{\"kind\": \"missing\", \"text\": \"Say <b>which</b> distance: average or closest.\"}]}");
        try (Browser browser = write(Browser.open(port))) {
            browser.driver().manage().window().setSize(new Dimension(390, 844));
            browser.find("[data-editor]").sendKeys("About 384,400 km.");
            browser.find("[data-help-toggle]").click();
            browser.find("[data-help-check]").click();
            browser.waitUntil(d -> !browser.findAll("[data-critique-problem]").isEmpty());
            assertThat(browser.find("[data-critique-problem]").getText())
                    .isEqualTo("missing Say <b>which</b> distance: average or closest.");
            assertThat(editorText(browser)).isEqualTo("About 384,400 km.");
            browser.screenshot("write-help-2-critique-phone");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    /** The element's box in the window: top, bottom. */
    static double[] box(Browser browser, String css) {
        @SuppressWarnings("unchecked")
        var rect = (java.util.List<Number>) browser.script(
                "var r = document.querySelector(arguments[0]).getBoundingClientRect(); return [r.top, r.bottom];", css);
        return new double[] {rect.get(0).doubleValue(), rect.get(1).doubleValue()};
    }

    @Test
    void onAPhoneTheToolbarsToggleOpensModelHelpAboveTheEditor() {
        try (Browser browser = Browser.open(port)) {
            browser.driver().manage().window().setSize(new Dimension(390, 844));
            write(browser);
            long height = ((Number) browser.script("return window.innerHeight;")).longValue();
            assertThat(browser.find("[data-help-toggle]").isDisplayed()).isTrue();
            double[] toggle = box(browser, "[data-help-toggle]");
            assertThat(toggle[0]).as("the toggle is in the first screen").isGreaterThanOrEqualTo(0);
            assertThat(toggle[1]).as("the toggle is in the first screen").isLessThanOrEqualTo(height);
            assertThat(browser.find("[data-write-help]").isDisplayed())
                    .as("folded at first")
                    .isFalse();
            assertThat(browser.find("[data-help-toggle]").getDomAttribute("aria-expanded"))
                    .isEqualTo("false");

            browser.find("[data-help-toggle]").click();
            browser.waitUntil(d -> browser.find("[data-help-draft]").isDisplayed());
            assertThat(browser.find("[data-help-toggle]").getDomAttribute("aria-expanded"))
                    .isEqualTo("true");
            double[] panel = box(browser, "[data-write-help]");
            double[] editor = box(browser, "[data-editor]");
            double[] submit = box(browser, "[data-write-form] button[type=submit]");
            assertThat(panel[1]).as("the panel ends above the editor").isLessThanOrEqualTo(editor[0]);
            assertThat(panel[1]).as("and above Submit").isLessThan(submit[0]);
            assertThat(browser.find("[data-help-check]").isDisplayed()).isTrue();
            assertThat(browser.widerThanWindow()).isEmpty();
            browser.screenshot("write-help-3-phone-open");

            browser.find("[data-help-toggle]").click();
            browser.waitUntil(d -> !browser.find("[data-write-help]").isDisplayed());
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void onADesktopModelHelpStaysBelowTheEditorWithoutAToggle() {
        try (Browser browser = write(Browser.open(port))) {
            assertThat(browser.find("[data-help-toggle]").isDisplayed()).isFalse();
            assertThat(browser.find("[data-write-help]").isDisplayed()).isTrue();
            double[] panel = box(browser, "[data-write-help]");
            double[] submit = box(browser, "[data-write-form] button[type=submit]");
            assertThat(panel[0]).as("below Submit, as before").isGreaterThanOrEqualTo(submit[1]);
        }
    }

    @Test
    void markupInAStreamedDraftStaysInert() {
        MODEL.streams(0, "Hi <img src=x onerror=\"window.pwned=1\">", " <script>window.pwned=2</script>");
        try (Browser browser = write(Browser.open(port))) {
            browser.find("[data-help-draft]").click();
            browser.waitUntil(d -> browser.find("[data-help-status]").getText().contains("finished the draft"));
            // the sticky top bar would cover a tab scrolled to the very top
            browser.script("document.querySelector('[data-editor-mode=split]').scrollIntoView({block: 'center'});");
            browser.find("[data-editor-mode=split]").click();
            browser.waitUntil(d -> browser.find("#preview").getText().contains("Hi"));
            assertThat(browser.findAll("#preview img[onerror], #preview script"))
                    .isEmpty();
            assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);
        }
    }
}
