package dev.feedloop.labeling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestUsers;
import dev.feedloop.testsupport.TestWork;
import dev.feedloop.testsupport.TestWork.Project;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
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
    TestUsers users;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JsonMapper json;

    TestWork work;

    @BeforeEach
    void setUp() {
        work = new TestWork(jdbc, events, transactions, json);
    }

    @Test
    void labelerStartsFromACandidateFindsTheDraftAfterAReloadAndSubmits() {
        var labeler = users.member();
        Project project = work.create(Map.of("rankings_per_item", 0, "demonstrations_per_item", 1));
        work.member(project, labeler, "LABELER")
                .guidelines(project, "# How to write\n\n- Be **correct** first.\n- Then be brief.");
        long itemId = work.item(
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
    void writePageSpeaksRussian() {
        var labeler = users.member();
        Project project = work.create(Map.of("rankings_per_item", 0, "demonstrations_per_item", 1));
        work.member(project, labeler, "LABELER");
        work.item(
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
}
