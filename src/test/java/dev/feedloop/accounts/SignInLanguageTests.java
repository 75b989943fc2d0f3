package dev.feedloop.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import jakarta.servlet.http.Cookie;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Signing in keeps the language of the sign-in page unless the person saved a language before: a
 * Russian reader who switched the sign-in page to Russian is not thrown back to English.
 */
@IntegrationTest
class SignInLanguageTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    Users users;

    @Autowired
    JdbcClient jdbc;

    @Test
    void newAccountsHaveNoSavedLanguage() {
        UserView bob = data.user();
        assertThat(users.get(bob.id()).locale()).isNull();
    }

    @Test
    void withoutASavedLanguageTheSignInPagesLanguageStays() throws Exception {
        UserView bob = data.user();
        MvcTestResult signedIn = signIn(bob, new Cookie("feedloop-lang", "ru"));
        assertThat(signedIn).hasStatus3xxRedirection();
        // No cookie set back to another language.
        assertThat(signedIn.getResponse().getCookie("feedloop-lang")).isNull();
        assertThat(accountPage(bob, "ru").select("html").attr("lang")).isEqualTo("ru");
    }

    @Test
    void aSavedLanguageWinsOverTheSignInPages() {
        UserView bob = data.user();
        users.changeLocale(bob.id(), "ru");
        MvcTestResult signedIn = signIn(bob, new Cookie("feedloop-lang", "en"));
        assertThat(signedIn).hasStatus3xxRedirection().cookies().hasValue("feedloop-lang", "ru");

        users.changeLocale(bob.id(), "en");
        assertThat(signIn(bob, new Cookie("feedloop-lang", "ru")))
                .hasStatus3xxRedirection()
                .cookies()
                .hasValue("feedloop-lang", "en");
    }

    @Test
    void accountPageSaysTheLanguageIsNotSavedAndPreselectsThePagesLanguage() throws Exception {
        UserView bob = data.user();
        Document page = accountPage(bob, "ru");
        assertThat(page.select("#account-lang-unsaved").text()).startsWith("Язык ещё не сохранён");
        assertThat(page.select("#account-lang option[selected]").attr("value")).isEqualTo("ru");

        users.changeLocale(bob.id(), "en");
        Document saved = accountPage(bob, "ru");
        assertThat(saved.select("#account-lang-unsaved")).isEmpty();
        assertThat(saved.select("#account-lang option[selected]").attr("value")).isEqualTo("en");
    }

    @Test
    void choosingTheLanguageWhileSignedInSavesIt() {
        UserView bob = data.user();
        assertThat(mvc.post()
                        .uri("/language")
                        .with(TestData.as(bob))
                        .with(csrf())
                        .param("lang", "ru")
                        .param("returnTo", "/account"))
                .hasRedirectedUrl("/account");
        assertThat(users.get(bob.id()).locale()).isEqualTo("ru");
    }

    @Test
    void accountsCreatedBeforeHaveEnglishTurnedIntoNotChosen() {
        assertThat(jdbc.sql("SELECT is_nullable FROM information_schema.columns"
                                + " WHERE table_name = 'app_user' AND column_name = 'locale'")
                        .query(String.class)
                        .single())
                .isEqualTo("YES");
        assertThat(jdbc.sql("SELECT column_default FROM information_schema.columns"
                                + " WHERE table_name = 'app_user' AND column_name = 'locale'")
                        .query(String.class)
                        .optional())
                .isEmpty();
    }

    private MvcTestResult signIn(UserView user, Cookie language) {
        return mvc.post()
                .uri("/login")
                .cookie(language)
                .param("username", user.username())
                .param("password", TestData.PASSWORD)
                .with(csrf())
                .exchange();
    }

    private Document accountPage(UserView user, String cookieLanguage) throws Exception {
        MvcTestResult page = mvc.get()
                .uri("/account")
                .with(TestData.as(user))
                .cookie(new Cookie("feedloop-lang", cookieLanguage))
                .exchange();
        assertThat(page).hasStatusOk();
        return Jsoup.parse(page.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
