package dev.feedloop.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.feedback.FeedbackIntake.TaskOption;
import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The write page of a fix task in a browser: start from the bad reply, the live diff, "not a real failure". */
@IntegrationTest
class FixPageBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FeedbackIntake intake;

    @Test
    void aWriterFixesOneReplyFromTheBadReplyWithALiveDiffAndSaysTheOtherWasNoFailure() {
        UserView admin = data.admin();
        TestProject project = data.project().demonstrations(0).rankings(0).create();
        UserView writer = data.user();
        data.member(project, writer, "LABELER");
        for (String body : new String[] {
            FeedbackIntakeTests.feedback("t-1", "down"),
            FeedbackIntakeTests.feedback("t-2", 1).replace("wrong year", "too terse")
        }) {
            intake.receive(
                    project.slug(),
                    TestData.principal(admin),
                    new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                    TaskOption.AUTO);
        }

        try (Browser browser = Browser.open(port)) {
            browser.driver().manage().window().setSize(new Dimension(390, 844));
            browser.signIn(writer.username()).go("/projects/" + project.slug() + "/write");
            browser.waitUntil(d -> browser.find("[data-bad-reply]").isDisplayed());
            assertThat(browser.find("[data-bad-reply] .candidate-body").getText())
                    .isEqualTo("In 1991.");
            assertThat(browser.find("[data-fix-comment]").getText()).isEqualTo("wrong year");
            assertThat(browser.widerThanWindow()).as("the page fits a phone").isEmpty();
            browser.screenshot("fix-1-phone");
            browser.driver().manage().window().setSize(new Dimension(1280, 900));

            // keyboard: the start button takes Enter, and the editor then holds the bad reply
            browser.find("[data-fix-start]").sendKeys(Keys.ENTER);
            browser.waitUntil(
                    d -> browser.find("#editor").getDomProperty("value").equals("In 1991."));
            browser.waitUntil(
                    d -> browser.findAll("#fix-diff del, #fix-diff ins").isEmpty());

            browser.find("#editor").sendKeys(Keys.chord(Keys.CONTROL, "a"), "The Berlin wall fell on 9 November 1989.");
            browser.waitUntil(d -> browser.findAll("#fix-diff del").stream()
                    .anyMatch(del -> del.getText().contains("1991")));
            assertThat(browser.find("#fix-diff .word-diff").getText())
                    .isEqualTo("InThe 1991Berlin wall fell on 9 November 1989.");
            assertThat(String.join(
                            "|",
                            browser.findAll("#fix-diff ins").stream()
                                    .map(e -> e.getText())
                                    .toList()))
                    .contains("1989")
                    .doesNotContain("1991");
            browser.screenshot("fix-2-diff");
            browser.find("#editor").sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));

            // the next fix task: "not a real failure" needs a reason
            browser.waitUntil(d -> "too terse"
                    .equals(browser.script(
                            "var e = document.querySelector('[data-fix-comment]'); return e && e.textContent;")));
            browser.find("[data-fix-dismiss] summary").sendKeys(Keys.ENTER);
            browser.waitUntil(d -> browser.find("[data-fix-reason]").isDisplayed());
            browser.find("[data-fix-dismiss-submit]").click();
            assertThat((Boolean)
                            browser.script("return document.querySelector('[data-fix-reason]').validity.valueMissing"))
                    .as("the empty reason stops the form")
                    .isTrue();
            browser.find("[data-fix-reason]").sendKeys("The user asked for a one-line answer.");
            browser.find("[data-fix-dismiss-submit]").click();
            browser.waitUntil(d -> Boolean.TRUE.equals(browser.script(
                    "return document.readyState === 'complete' && !document.querySelector('[data-write-form]');")));
            assertThat(browser.find("main").getText()).contains("Marked as not a real failure");
            browser.screenshot("fix-3-dismissed");
            assertThat(browser.consoleErrors()).isEmpty();
        }

        assertThat(jdbc.sql("""
                        SELECT f.trace_id || ': ' || coalesce(f.dismissed_reason, d.content)
                        FROM feedback f JOIN item i ON i.id = f.item_id
                        LEFT JOIN demonstration d ON d.item_id = i.id
                        ORDER BY f.trace_id
                        """).query(String.class).list())
                .containsExactly(
                        "t-1: The Berlin wall fell on 9 November 1989.", "t-2: The user asked for a one-line answer.");
    }
}
