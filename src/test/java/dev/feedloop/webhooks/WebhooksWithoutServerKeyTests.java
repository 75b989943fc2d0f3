package dev.feedloop.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.RefusedPages;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.nio.charset.StandardCharsets;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** A server without the key-encryption key: the webhooks page says so, and adding one is refused in its own words. */
@IntegrationTest
@TestPropertySource(
        properties = {
            // the same properties as EndpointsWithoutServerKeyTests, so both share one cached context
            "feedloop.generation.key-encryption-key=",
            "feedloop.generation.allow-link-local=true",
            "feedloop.jobs.enabled=false"
        })
class WebhooksWithoutServerKeyTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Test
    void thePageWarnsAndAddingIsRefusedWithAWebhookMessage() throws Exception {
        UserView admin = data.admin();
        TestProject project = data.project().demonstrations(1).rankings(0).create();
        String page = "/projects/" + project.slug() + "/webhooks";

        Document empty = Jsoup.parse(mvc.get()
                .uri(page)
                .with(TestData.as(admin))
                .exchange()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
        assertThat(empty.select("[data-no-server-key]").text())
                .contains("feedloop.generation.key-encryption-key", "Webhooks cannot be made");

        var refused = mvc.post()
                .uri(page)
                .with(TestData.as(admin))
                .with(csrf())
                .param("url", "https://example.com/feedloop")
                .param("events", "item.completed")
                .exchange();
        Document shown = RefusedPages.follow(mvc, refused, page, TestData.as(admin));
        assertThat(shown.select(".flash-error").text())
                .contains("Webhooks cannot be made on this server")
                .doesNotContain("API key");
        assertThat(shown.select("#url").val()).isEqualTo("https://example.com/feedloop");
        assertThat(jdbc.sql("SELECT count(*) FROM webhook").query(Long.class).single())
                .isZero();
    }
}
