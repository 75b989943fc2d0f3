package dev.feedloop.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The account forms render exactly their fields, each labelled, and save what a browser sends. */
@IntegrationTest
class AccountFormsTests {

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
    void newUserFormHasOneLabelledInputPerField() {
        var admin = data.admin();
        FormElement form = form("/admin/users/new", "/admin/users", TestData.as(admin));
        assertThat(visibleInputs(form))
                .extracting(e -> e.attr("name"), e -> e.attr("type"))
                .containsExactly(
                        tuple("username", "text"),
                        tuple("displayName", "text"),
                        tuple("password", "password"),
                        tuple("admin", "checkbox"));
        assertEveryInputIsLabelled(form);
    }

    @Test
    void editUserFormHasOneLabelledInputPerField() {
        var admin = data.admin();
        var bob = data.user();
        FormElement form = form("/admin/users/" + bob.id(), "/admin/users/" + bob.id(), TestData.as(admin));
        assertThat(visibleInputs(form))
                .extracting(e -> e.attr("name"), e -> e.attr("type"))
                .containsExactly(tuple("displayName", "text"), tuple("admin", "checkbox"));
        assertEveryInputIsLabelled(form);
    }

    @Test
    void passwordFormHasThreeLabelledPasswordFieldsAndNoCheckbox() {
        var bob = data.user();
        FormElement form = form("/account", "/account/password", TestData.as(bob));
        assertThat(visibleInputs(form))
                .extracting(e -> e.attr("name"), e -> e.attr("type"))
                .containsExactly(
                        tuple("currentPassword", "password"),
                        tuple("newPassword", "password"),
                        tuple("confirmPassword", "password"));
        assertEveryInputIsLabelled(form);
    }

    @Test
    void aNewUserSavedWithEveryBoxTickedKeepsTheTypedName() {
        var admin = data.admin();
        FormElement form = form("/admin/users/new", "/admin/users", TestData.as(admin));
        fill(form, Map.of("username", "stray", "displayName", "Stray Test", "password", TestData.PASSWORD));
        assertThat(submit(form, TestData.as(admin))).hasRedirectedUrl("/admin/users");
        UserView stray = accounts.findByUsername("stray").orElseThrow();
        assertThat(stray.displayName()).isEqualTo("Stray Test");
        assertThat(stray.admin()).isTrue();
    }

    @Test
    void anEditedUserSavedWithEveryBoxTickedKeepsTheTypedName() {
        var admin = data.admin();
        var bob = data.user();
        FormElement form = form("/admin/users/" + bob.id(), "/admin/users/" + bob.id(), TestData.as(admin));
        fill(form, Map.of("displayName", "Stray Test"));
        assertThat(submit(form, TestData.as(admin))).hasRedirectedUrl("/admin/users/" + bob.id());
        assertThat(accounts.get(bob.id()).displayName()).isEqualTo("Stray Test");
        assertThat(accounts.get(bob.id()).admin()).isTrue();
    }

    @Test
    void thePasswordFormSavedAsABrowserSendsItChangesThePassword() {
        var bob = data.user();
        FormElement form = form("/account", "/account/password", TestData.as(bob));
        fill(
                form,
                Map.of(
                        "currentPassword", TestData.PASSWORD,
                        "newPassword", "another long secret",
                        "confirmPassword", "another long secret"));
        assertThat(submit(form, TestData.as(bob))).hasRedirectedUrl("/account");
        assertThat(encoder.matches(
                        "another long secret",
                        repository.findById(bob.id()).orElseThrow().getPasswordHash()))
                .isTrue();
    }

    private FormElement form(String page, String action, RequestPostProcessor user) {
        MvcTestResult result = mvc.get().uri(page).with(user).exchange();
        assertThat(result).hasStatusOk();
        String html = new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
        return Jsoup.parse(html).select("form[action=" + action + "]").forms().getFirst();
    }

    private static List<Element> visibleInputs(FormElement form) {
        return form.select("input:not([type=hidden]), select, textarea").stream()
                .toList();
    }

    private static void assertEveryInputIsLabelled(FormElement form) {
        for (Element input : visibleInputs(form)) {
            assertThat(input.id()).as("id of %s", input.attr("name")).isNotBlank();
            assertThat(form.select("label[for=" + input.id() + "]"))
                    .as("label of %s", input.attr("name"))
                    .hasSize(1);
        }
    }

    /** Types into the text fields and ticks every checkbox, as a careless person would. */
    private static void fill(FormElement form, Map<String, String> values) {
        values.forEach((name, value) ->
                form.select("input[name=" + name + "]:not([type=checkbox])").val(value));
        form.select("input[type=checkbox]").attr("checked", "checked");
    }

    /** Sends the form's data exactly as a browser would (jsoup applies the HTML form rules). */
    private MvcTestResult submit(FormElement form, RequestPostProcessor user) {
        var request = mvc.post().uri(form.attr("action")).with(user).with(csrf());
        form.formData().stream()
                .filter(kv -> !kv.key().equals("_csrf"))
                .forEach(kv -> request.param(kv.key(), kv.value()));
        return request.exchange();
    }
}
