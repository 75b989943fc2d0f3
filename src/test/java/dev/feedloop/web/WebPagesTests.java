package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

@IntegrationTest
class WebPagesTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @LocalServerPort
    int port;

    @Test
    void unknownPageShowsTheFriendly404WithoutInternals() throws Exception {
        var bob = data.user();
        String sessionCookie = RealHttp.login(port, bob.username(), TestData.PASSWORD);
        var response = RealHttp.get(port, "/no/such/page", sessionCookie);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body())
                .contains("Not found")
                .doesNotContain("Exception")
                .doesNotContain("at dev.");
    }

    @Test
    void unknownApiPathAnswersJsonNotHtml() throws Exception {
        var admin = data.admin();
        var response = RealHttp.getBasic(port, "/api/v1/nothing-here", admin.username(), TestData.PASSWORD);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("json");
    }

    @Test
    void pagesAreServedInRussianWhenChosen() {
        var bob = data.user();
        assertThat(mvc.get()
                        .uri("/")
                        .with(TestData.as(bob))
                        .cookie(new jakarta.servlet.http.Cookie("feedloop-lang", "ru")))
                .hasStatusOk()
                .bodyText()
                .contains("Здравствуйте")
                .contains("lang=\"ru\"");
    }

    @Test
    void browserLanguageIsTheDefault() {
        assertThat(mvc.get().uri("/login").header("Accept-Language", "ru-RU,ru;q=0.9"))
                .bodyText()
                .contains("Вход");
    }

    @Test
    void openApiDescribesTheRestApiForSignedInUsers() {
        var bob = data.user();
        assertThat(mvc.get().uri("/v3/api-docs").with(TestData.as(bob)))
                .hasStatusOk()
                .bodyText()
                .contains("/api/v1/users/me");
        assertThat(mvc.get().uri("/v3/api-docs")).hasStatus3xxRedirection();
    }
}
