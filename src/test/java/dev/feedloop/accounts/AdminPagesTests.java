package dev.feedloop.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

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
    void invalidFormIsShownAgainWithTheFieldError() {
        var admin = data.admin();
        data.user("gina", false);
        assertThat(mvc.post()
                        .uri("/admin/users")
                        .with(TestData.as(admin))
                        .with(csrf())
                        .param("username", "gina")
                        .param("password", "a long enough secret"))
                .hasStatusOk()
                .bodyText()
                .contains("This username is taken.");
        assertThat(mvc.post()
                        .uri("/admin/users")
                        .with(TestData.as(admin))
                        .with(csrf())
                        .param("username", "henry")
                        .param("password", "short"))
                .hasStatusOk()
                .bodyText()
                .contains("The password is too short");
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
        mvc.post()
                .uri("/admin/users/" + admin.id() + "/enabled")
                .with(TestData.as(admin))
                .with(csrf())
                .param("enabled", "false")
                .exchange();
        assertThat(accounts.get(admin.id()).enabled()).isTrue();
        assertThat(mvc.post()
                        .uri("/admin/users/" + admin.id())
                        .with(TestData.as(admin))
                        .with(csrf())
                        .param("displayName", "Admin"))
                .hasStatusOk()
                .bodyText()
                .contains("last active administrator");
        assertThat(accounts.get(admin.id()).admin()).isTrue();
    }

    @Test
    void unknownUserPageIs404() {
        var admin = data.admin();
        assertThat(mvc.get().uri("/admin/users/999999").with(TestData.as(admin)))
                .hasStatus(404);
    }
}
