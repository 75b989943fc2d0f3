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
class AdminPagesTests {

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

    @Test
    void nonAdminGets403OnEveryAdminPage() {
        var bob = data.user();
        assertThat(mvc.get().uri("/admin/users").with(TestData.as(bob))).hasStatus(403);
        assertThat(mvc.get().uri("/admin/users/new").with(TestData.as(bob))).hasStatus(403);
        assertThat(mvc.post()
                        .uri("/admin/users")
                        .with(TestData.as(bob))
                        .with(csrf())
                        .param("username", "x2")
                        .param("password", "a long enough secret"))
                .hasStatus(403);
        assertThat(accounts.findByUsername("x2")).isEmpty();
    }

    @Test
    void forbiddenPageShowsTheFriendlyErrorPageWithoutDetails() {
        var bob = data.user();
        var result = mvc.get()
                .uri("/admin/users")
                .with(TestData.as(bob))
                .accept("text/html")
                .exchange();
        assertThat(result).hasStatus(403);
    }

    @Test
    void adminListsUsers() {
        var admin = data.admin();
        var bob = data.user();
        assertThat(mvc.get().uri("/admin/users").with(TestData.as(admin)))
                .hasStatusOk()
                .bodyText()
                .contains(bob.username(), admin.username());
    }

    @Test
    void adminCreatesAUserThroughTheForm() {
        var admin = data.admin();
        assertThat(mvc.post()
                        .uri("/admin/users")
                        .with(TestData.as(admin))
                        .with(csrf())
                        .param("username", "frank")
                        .param("displayName", "Frank Lee")
                        .param("password", "a long enough secret"))
                .hasRedirectedUrl("/admin/users")
                .flash()
                .containsEntry("flashMessage", "users.createdFlash");
        assertThat(accounts.findByUsername("frank"))
                .get()
                .extracting(UserView::displayName)
                .isEqualTo("Frank Lee");
    }

    @Test
    void aRefusedNewUserComesBackWithTheMessageNextToTheFieldAndWhatWasTypedButNeverThePassword() {
        var admin = data.admin();
        data.user("gina", false);
        MvcTestResult taken = mvc.post()
                .uri("/admin/users")
                .with(TestData.as(admin))
                .with(csrf())
                .param("username", "gina")
                .param("displayName", "Gina Two")
                .param("password", "a long enough secret")
                .param("admin", "true")
                .exchange();
        assertThat(taken.getMvcResult().getFlashMap().toString()).doesNotContain("a long enough secret");
        Document form = RefusedPages.follow(mvc, taken, "/admin/users/new", TestData.as(admin));
        assertThat(form.select("#username-error").text()).isEqualTo("This username is taken.");
        assertThat(form.select("input[name=username]").val()).isEqualTo("gina");
        assertThat(form.select("input[name=displayName]").val()).isEqualTo("Gina Two");
        assertThat(form.select("input[name=admin]").hasAttr("checked")).isTrue();
        assertThat(form.select("input[name=password]").val()).isEmpty();
        assertThat(form.html()).doesNotContain("a long enough secret");

        MvcTestResult shortPassword = mvc.post()
                .uri("/admin/users")
                .with(TestData.as(admin))
                .with(csrf())
                .param("username", "henry")
                .param("password", "short")
                .exchange();
        Document again = RefusedPages.follow(mvc, shortPassword, "/admin/users/new", TestData.as(admin));
        assertThat(again.select("#password-error").text()).startsWith("The password is too short");
        assertThat(again.select("input[name=username]").val()).isEqualTo("henry");
        assertThat(again.select("input[name=password]").val()).isEmpty();
        assertThat(accounts.findByUsername("henry")).isEmpty();
    }

    @Test
    void aNewUserFormThatFailsValidationIsShownAgainAtOnce() {
        var admin = data.admin();
        assertThat(mvc.post()
                        .uri("/admin/users")
                        .with(TestData.as(admin))
                        .with(csrf())
                        .param("username", "x")
                        .param("password", "a long enough secret"))
                .hasStatusOk()
                .bodyText()
                .contains("2 to 40 letters, digits");
    }

    @Test
    void adminEditsDisablesEnablesAndResetsAPassword() {
        var admin = data.admin();
        var bob = data.user();
        assertThat(mvc.post()
                        .uri("/admin/users/" + bob.id())
                        .with(TestData.as(admin))
                        .with(csrf())
                        .param("displayName", "Robert")
                        .param("admin", "true"))
                .hasRedirectedUrl("/admin/users/" + bob.id());
        assertThat(accounts.get(bob.id()))
                .extracting(UserView::displayName, UserView::admin)
                .containsExactly("Robert", true);

        mvc.post()
                .uri("/admin/users/" + bob.id() + "/enabled")
                .with(TestData.as(admin))
                .with(csrf())
                .param("enabled", "false")
                .exchange();
        assertThat(accounts.get(bob.id()).enabled()).isFalse();
        mvc.post()
                .uri("/admin/users/" + bob.id() + "/enabled")
                .with(TestData.as(admin))
                .with(csrf())
                .param("enabled", "true")
                .exchange();
        assertThat(accounts.get(bob.id()).enabled()).isTrue();

        mvc.post()
                .uri("/admin/users/" + bob.id() + "/password")
                .with(TestData.as(admin))
                .with(csrf())
                .param("password", "a brand new secret")
                .exchange();
        assertThat(encoder.matches(
                        "a brand new secret",
                        repository.findById(bob.id()).orElseThrow().getPasswordHash()))
                .isTrue();
    }

    @Test
    void theLastAdministratorCannotBeDemotedOrDisabled() {
        var admin = data.admin();
        String page = "/admin/users/" + admin.id();
        MvcTestResult disable = mvc.post()
                .uri(page + "/enabled")
                .with(TestData.as(admin))
                .with(csrf())
                .param("enabled", "false")
                .exchange();
        assertThat(RefusedPages.follow(mvc, disable, page, TestData.as(admin))
                        .select(".flashes .flash-error")
                        .text())
                .contains("last active administrator");
        assertThat(accounts.get(admin.id()).enabled()).isTrue();

        MvcTestResult demote = mvc.post()
                .uri(page)
                .with(TestData.as(admin))
                .with(csrf())
                .param("displayName", "Chief")
                .exchange();
        Document form = RefusedPages.follow(mvc, demote, page, TestData.as(admin));
        assertThat(form.select(".field-check .field-error").text()).contains("last active administrator");
        assertThat(form.select("input[name=displayName]").val()).isEqualTo("Chief");
        assertThat(form.select("input[name=admin]").hasAttr("checked")).isFalse();
        assertThat(accounts.get(admin.id()).admin()).isTrue();
    }

    @Test
    void aTooShortResetPasswordIsRefusedOnTheUsersPageWithoutKeepingIt() {
        var admin = data.admin();
        var bob = data.user();
        String page = "/admin/users/" + bob.id();
        MvcTestResult refused = mvc.post()
                .uri(page + "/password")
                .with(TestData.as(admin))
                .with(csrf())
                .param("password", "tiny")
                .exchange();
        assertThat(refused.getMvcResult().getFlashMap().toString()).doesNotContain("tiny");
        Document shown = RefusedPages.follow(mvc, refused, page, TestData.as(admin));
        assertThat(shown.select(".flashes .flash-error > span").text())
                .isEqualTo("The password is too short: use at least 10 characters.");
        assertThat(shown.html()).doesNotContain("tiny");
    }

    @Test
    void aRefusalOfAnUnknownUserAnswersTheNotFoundStatus() {
        var admin = data.admin();
        MvcTestResult result = mvc.post()
                .uri("/admin/users/999999/enabled")
                .with(TestData.as(admin))
                .with(csrf())
                .param("enabled", "false")
                .exchange();
        assertThat(result).hasStatus(404);
        assertThat((java.util.Map<String, Object>) result.getMvcResult().getFlashMap())
                .isEmpty();
    }

    @Test
    void unknownUserPageIs404() {
        var admin = data.admin();
        assertThat(mvc.get().uri("/admin/users/999999").with(TestData.as(admin)))
                .hasStatus(404);
    }
}
