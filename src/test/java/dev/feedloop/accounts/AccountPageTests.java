package dev.feedloop.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.RefusedPages;
import dev.feedloop.testsupport.TestData;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

@IntegrationTest
class AccountPageTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    Users accounts;

    @Autowired
    UserRepository repository;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    ApiTokens tokens;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void anAccountThatSignsInWithSingleSignOnIsToldWhereItsPasswordComesFrom() throws Exception {
        var linked = data.user();
        var plain = data.user();
        jdbc.sql(
                        "INSERT INTO app_user_identity (user_id, issuer, subject) VALUES (?, 'https://id.example.org', 'sub-1')")
                .param(linked.id())
                .update();

        Document page = org.jsoup.Jsoup.parse(mvc.get()
                .uri("/account")
                .with(TestData.as(linked))
                .exchange()
                .getResponse()
                .getContentAsString());
        assertThat(page.select("[data-sso-password-note]").text())
                .startsWith("You sign in with your organisation's account (https://id.example.org).");
        Document other = org.jsoup.Jsoup.parse(mvc.get()
                .uri("/account")
                .with(TestData.as(plain))
                .exchange()
                .getResponse()
                .getContentAsString());
        assertThat(other.select("[data-sso-password-note]")).isEmpty();
    }

    @Test
    void changingTheOwnPasswordNeedsTheCurrentOne() {
        var bob = data.user();
        MvcTestResult refused = mvc.post()
                .uri("/account/password")
                .with(TestData.as(bob))
                .with(csrf())
                .param("currentPassword", "not the password")
                .param("newPassword", "another long secret")
                .param("confirmPassword", "another long secret")
                .exchange();
        assertThat(refused.getMvcResult().getFlashMap().toString())
                .doesNotContain("not the password")
                .doesNotContain("another long secret");
        Document page = RefusedPages.follow(mvc, refused, "/account", TestData.as(bob));
        assertThat(page.select("#currentPassword-error").text()).isEqualTo("The current password is not correct.");
        assertThat(page.select("input[type=password]").eachAttr("value")).allMatch(String::isEmpty);
        assertThat(page.html()).doesNotContain("not the password").doesNotContain("another long secret");
        assertThat(mvc.post()
                        .uri("/account/password")
                        .with(TestData.as(bob))
                        .with(csrf())
                        .param("currentPassword", TestData.PASSWORD)
                        .param("newPassword", "another long secret")
                        .param("confirmPassword", "another long secret"))
                .hasRedirectedUrl("/account");
        assertThat(encoder.matches(
                        "another long secret",
                        repository.findById(bob.id()).orElseThrow().getPasswordHash()))
                .isTrue();
    }

    @Test
    void mismatchedConfirmationIsRefused() {
        var bob = data.user();
        assertThat(mvc.post()
                        .uri("/account/password")
                        .with(TestData.as(bob))
                        .with(csrf())
                        .param("currentPassword", TestData.PASSWORD)
                        .param("newPassword", "another long secret")
                        .param("confirmPassword", "a different secret"))
                .hasStatusOk()
                .bodyText()
                .contains("The two new passwords differ.");
    }

    @Test
    void languageChoiceIsSavedOnTheAccountAndInACookie() {
        var bob = data.user();
        var result = mvc.post()
                .uri("/language")
                .with(TestData.as(bob))
                .with(csrf())
                .param("lang", "ru")
                .param("returnTo", "/account")
                .exchange();
        assertThat(result).hasRedirectedUrl("/account").cookies().hasValue("feedloop-lang", "ru");
        assertThat(accounts.get(bob.id()).locale()).isEqualTo("ru");
        assertThat(mvc.get()
                        .uri("/account")
                        .with(TestData.as(bob))
                        .cookie(new jakarta.servlet.http.Cookie("feedloop-lang", "ru")))
                .bodyText()
                .contains("Сменить пароль");
    }

    @Test
    void languageSwitchNeverRedirectsOffSite() {
        assertThat(mvc.post().uri("/language").with(csrf()).param("lang", "en").param("returnTo", "//evil.example"))
                .hasRedirectedUrl("/");
        assertThat(mvc.post()
                        .uri("/language")
                        .with(csrf())
                        .param("lang", "en")
                        .param("returnTo", "https://evil.example"))
                .hasRedirectedUrl("/");
    }

    @Test
    void aNewTokenIsShownOnceAndListedByPrefix() {
        var bob = data.user();
        var created = mvc.post()
                .uri("/account/tokens")
                .with(TestData.as(bob))
                .with(csrf())
                .param("name", "laptop")
                .exchange();
        assertThat(created).hasRedirectedUrl("/account#tokens").flash().containsKey("newToken");
        CreatedApiToken token =
                (CreatedApiToken) created.getMvcResult().getFlashMap().get("newToken");
        assertThat(token.token()).startsWith(token.view().prefix() + "_");
        assertThat(mvc.get().uri("/account").with(TestData.as(bob)))
                .bodyText()
                .contains("laptop", token.view().prefix())
                .doesNotContain(token.token());
    }

    @Test
    void revokingATokenFromThePage() {
        var bob = data.user();
        long id = tokens.create(bob.id(), "old").view().id();
        mvc.post()
                .uri("/account/tokens/" + id + "/revoke")
                .with(TestData.as(bob))
                .with(csrf())
                .exchange();
        assertThat(tokens.list(bob.id()).get(0).revoked()).isTrue();
    }

    @Test
    void someoneElsesTokenCannotBeRevokedFromThePage() {
        var bob = data.user();
        var mallory = data.user();
        long id = tokens.create(bob.id(), "bob's").view().id();
        assertThat(mvc.post()
                        .uri("/account/tokens/" + id + "/revoke")
                        .with(TestData.as(mallory))
                        .with(csrf()))
                .hasStatus(404);
        assertThat(tokens.list(bob.id()).get(0).revoked()).isFalse();
    }

    @Test
    void homePageGreetsAndOffersWhatThePersonCanDo() {
        var bob = data.user();
        var admin = data.admin();
        assertThat(mvc.get().uri("/").with(TestData.as(bob)))
                .hasStatusOk()
                .bodyText()
                .contains("Hello, " + bob.displayName())
                .doesNotContain("/admin/users");
        assertThat(mvc.get().uri("/").with(TestData.as(admin)))
                .hasStatusOk()
                .bodyText()
                .contains("/admin/users");
    }

    @Test
    void aTooShortNewPasswordIsShownNextToTheNewPassword() {
        var bob = data.user();
        MvcTestResult refused = mvc.post()
                .uri("/account/password")
                .with(TestData.as(bob))
                .with(csrf())
                .param("currentPassword", TestData.PASSWORD)
                .param("newPassword", "short")
                .param("confirmPassword", "short")
                .exchange();
        Document page = RefusedPages.follow(mvc, refused, "/account", TestData.as(bob));
        assertThat(page.select("#newPassword-error").text()).startsWith("The password is too short");
        assertThat(page.select("#currentPassword-error")).isEmpty();
    }

    @Test
    void aRefusedPasswordChangeOverHtmxShowsTheMessageInThePageMessages() {
        var bob = data.user();
        MvcTestResult refused = mvc.post()
                .uri("/account/password")
                .with(TestData.as(bob))
                .with(csrf())
                .header("HX-Request", "true")
                .param("currentPassword", "not the password")
                .param("newPassword", "another long secret")
                .param("confirmPassword", "another long secret")
                .exchange();
        Document message = RefusedPages.htmxMessage(refused, "#flashes");
        assertThat(message.select(".flash-error > span").text()).isEqualTo("The current password is not correct.");
        assertThat(message.html()).doesNotContain("not the password");
    }
}
