package dev.feedloop.generation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class GenerationPageBrowserTests {

    @RegisterExtension
    static final ModelServer MODEL = new ModelServer("browser-gen-model");

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anAdminStartsARunWithTheKeyboardAndWatchesItReachDoneWithoutReloading() throws InterruptedException {
        MODEL.answer(ModelServer.answering("browser-gen-model", "drafted").withFixedDelay(400));
        var admin = data.admin();
        TestProject project = data.project().demonstrations(0).rankings(1).create();
        for (int i = 0; i < 8; i++) {
            data.item(project, "b-" + i, 0, "a");
        }
        long endpoint =
                jdbc.sql("""
                        INSERT INTO model_endpoint (name, base_url, model, concurrency_limit, requests_per_minute)
                        VALUES ('Browser stub', :url, 'browser-gen-model', 2, 10000) RETURNING id
                        """).param("url", MODEL.baseUrl()).query(Long.class).single();
        String page = "/projects/" + project.slug() + "/generation";
        try (Browser browser = Browser.open(port)) {
            browser.signIn(admin.username()).go(page);
            assertThat(browser.find("#endpoint-" + endpoint).isSelected())
                    .as("the only endpoint starts chosen")
                    .isTrue();
            browser.find("#samples").clear();
            browser.find("#samples").sendKeys("2", Keys.ENTER);
            browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#runs tbody tr")));
            assertThat(browser.find(".flash-ok").getText()).contains("started");
            browser.script("window.generationPageMarker = 'still here';");
            assertThat(browser.find("#runs").getAttribute("hx-trigger")).isEqualTo("every 2s");

            new WebDriverWait(browser.driver(), Duration.ofSeconds(40))
                    .until(ExpectedConditions.textToBePresentInElementLocated(
                            By.cssSelector("#runs tbody tr .run-state"), "done"));
            assertThat(browser.script("return window.generationPageMarker;"))
                    .as("the page was not reloaded")
                    .isEqualTo("still here");
            assertThat(browser.find("#runs tbody tr .run-counts").getText())
                    .isEqualTo("16 done, 0 failed, 0 remaining of 16");
            assertThat(browser.find("#runs").getAttribute("hx-trigger"))
                    .as("polling stops once no run is running")
                    .isNull();
            browser.screenshot("generation-desktop");

            browser.driver().manage().window().setSize(new Dimension(390, 844));
            browser.go(page);
            // measured once the page has settled at the new width (a measure taken while the
            // layout still follows the resize can see the desktop's width)
            String overflow = "";
            for (int attempt = 0; attempt < 20; attempt++) {
                overflow = browser.widerThanWindow();
                if (overflow.isEmpty()) {
                    break;
                }
                Thread.sleep(100);
            }
            browser.screenshot("generation-phone");
            assertThat(overflow)
                    .as("elements wider than a phone, outside the scrolled table")
                    .isEqualTo("");
            assertThat(browser.script("var wrap = document.querySelector('#runs .table-wrap');"
                            + " return wrap.scrollWidth <= wrap.clientWidth;"))
                    .as("on a phone each run is shown whole, its buttons without scrolling sideways")
                    .isEqualTo(true);
            assertThat(browser.consoleErrors()).isEmpty();
            browser.driver().manage().window().setSize(new Dimension(1280, 720));
        }
    }
}
