package dev.feedloop.web;

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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prompts, model answers, model names, guidelines, demonstrations and review comments are
 * untrusted. Every labeling page shows them as text or safe links: none of the payloads (each
 * would set {@code window.__xss}) becomes markup, whatever the content security policy blocks.
 */
@IntegrationTest
class UntrustedContentBrowserTests {

    static final String PAYLOAD = """
            Hello <script>window.__xss='script'</script> there.

            <img src=x onerror="window.__xss='img'">

            [plain js link](javascript:window.__xss='link') and [entity](jav&#x61;script:window.__xss='entity')
            and [spaced]( javascript:window.__xss='spaced') and <javascript:window.__xss='autolink'>
            and ![image](javascript:window.__xss='image') and [data](data:text/html,<script>alert(1)</script>)
            and [ref link][r] and <a href="javascript:window.__xss='raw'">raw anchor</a>

            [r]: javascript:window.__xss='ref'

            <svg onload="window.__xss='svg'"></svg>
            <iframe src="javascript:window.__xss='iframe'"></iframe>

            ```html
            <script>window.__xss='code'</script>
            ```
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
    void payloadsRenderAsTextOrSafeLinksOnEveryLabelingPage() {
        TestProject project = data.project()
                .rankings(1)
                .demonstrations(1)
                .hideModelNames(false)
                .create();
        UserView labeler = data.user();
        UserView annotator = data.user();
        UserView reviewer = data.user();
        data.member(project, labeler, "LABELER")
                .member(project, annotator, "ANNOTATOR")
                .member(project, reviewer, "REVIEWER")
                .guidelines(project, PAYLOAD);
        data.itemWith(
                project,
                List.of(
                        Map.of("role", "system", "content", "<b onmouseover=\"window.__xss='system'\">system</b>"),
                        Map.of("role", "user", "content", PAYLOAD)),
                "<img src=x onerror=\"window.__xss='model'\">",
                PAYLOAD,
                "model-two",
                "Second answer: <script>window.__xss='second'</script>");

        try (Browser browser = Browser.open(port)) {
            browser.signIn(labeler.username()).go("/projects/" + project.slug() + "/write");
            browser.waitUntil(d -> browser.find("[data-editor]").isDisplayed());
            assertSafe(browser, "write");
            assertThat(browser.find(".conversation").getText()).contains("<script>window.__xss='script'</script>");
            assertThat(browser.find(".candidate-model").getText()).contains("<img src=x");
            browser.find("[data-toggle-panel='#guidelines-panel']").click();
            assertSafe(browser, "write guidelines");
            browser.find("#guidelines-panel").sendKeys(Keys.ESCAPE);
            browser.find("[data-start-from='a']").click();
            browser.find("[data-editor-mode=split]").click();
            browser.waitUntil(d -> browser.find("#preview").getText().contains("plain js link"));
            assertSafe(browser, "write preview");
            browser.screenshot("xss-1-write");
            browser.find("[data-editor]").sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
            browser.waitUntil(d -> !browser.findAll(".queue-empty").isEmpty());
        }

        try (Browser browser = Browser.open(port)) {
            browser.signIn(annotator.username()).go("/projects/" + project.slug() + "/rank");
            browser.waitUntil(d -> browser.findAll(".rank-chip").size() == 2);
            assertSafe(browser, "rank");
            browser.find(".diff-panel summary").click();
            browser.waitUntil(d -> !browser.findAll("#diff-output .word-diff").isEmpty());
            assertThat(browser.find("#diff-output").getText()).contains("<script>");
            assertSafe(browser, "rank diff");
            browser.screenshot("xss-2-rank");
        }

        try (Browser browser = Browser.open(port)) {
            browser.signIn(reviewer.username()).go("/projects/" + project.slug() + "/review");
            browser.waitUntil(d -> browser.find("[data-review-reject]").isDisplayed());
            assertSafe(browser, "review");
            browser.screenshot("xss-3-review");
            browser.find("#reject-comment").sendKeys("<img src=x onerror=\"window.__xss='comment'\"> no");
            browser.find("[data-review-reject]").click();
            browser.waitUntil(d -> !browser.findAll(".queue-empty").isEmpty());
        }

        try (Browser browser = Browser.open(port)) {
            browser.signIn(labeler.username()).go("/history");
            browser.waitUntil(d -> !browser.findAll(".history-item").isEmpty());
            browser.findAll(".history-item summary").forEach(s -> s.click());
            assertThat(browser.find(".history-comment").getText()).contains("<img src=x");
            assertSafe(browser, "history");
            browser.screenshot("xss-4-history");
        }
    }

    /**
     * The page's DOM holds none of the payloads as markup. The content security policy would stop
     * an injected inline script from running, so this checks what it does not: that nothing from
     * the content became an element, an event handler or a link with an unsafe scheme, and that the
     * payload text is still on the page, as text.
     */
    private static void assertSafe(Browser browser, String page) {
        Object injectedScripts = browser.script("""
                return Array.from(document.scripts)
                    .filter(s => s.text.includes('__xss') || (s.src && new URL(s.src).origin !== location.origin))
                    .length
                """);
        assertThat(injectedScripts).as(page + ": scripts from content").isEqualTo(0L);
        Object handlers = browser.script("""
                return Array.from(document.querySelectorAll('*'))
                    .flatMap(e => Array.from(e.attributes))
                    .filter(a => a.name.startsWith('on') || /^\\s*(javascript|vbscript):/i.test(a.value))
                    .map(a => a.name + '=' + a.value)
                """);
        assertThat((List<?>) handlers)
                .as(page + ": event handlers or script URLs in attributes")
                .isEmpty();
        Object unsafeLinks = browser.script("""
                return Array.from(document.querySelectorAll('a[href]'))
                    .filter(a => !['http:', 'https:', 'mailto:'].includes(a.protocol)).length
                """);
        assertThat(unsafeLinks).as(page + ": links with unsafe schemes").isEqualTo(0L);
        Object active = browser.script("""
                return document.querySelectorAll(
                    '.md script, .md img, .md svg, .md iframe, .md object, .md embed, iframe, object, embed, frame'
                ).length
                """);
        assertThat(active).as(page + ": active elements from content").isEqualTo(0L);
        assertThat(browser.script("return document.body.innerText"))
                .as(page + ": the payload shows as text")
                .asString()
                .contains("__xss");
    }
}
