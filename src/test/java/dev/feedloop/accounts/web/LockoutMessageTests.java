package dev.feedloop.accounts.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.AccountsProperties;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.ui.ExtendedModelMap;

/** The paused-login message names the configured lockout, not a fixed 15 minutes. */
class LockoutMessageTests {

    @Test
    void loginPageNamesTheConfiguredLockoutDuration() {
        var controller = new LoginController(
                new AccountsProperties(5, Duration.ofMinutes(40), 10, null), dev.feedloop.accounts.SsoProviders.none());
        var model = new ExtendedModelMap();
        assertThat(controller.login(null, model)).isEqualTo("accounts/login");
        Object minutes = model.getAttribute("lockoutMinutes");
        assertThat(minutes).isEqualTo(40L);

        var messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        assertThat(messages.getMessage("login.locked", new Object[] {minutes}, Locale.ENGLISH))
                .contains("paused for 40 minutes")
                .doesNotContain("15");
        assertThat(messages.getMessage("login.locked", new Object[] {minutes}, Locale.forLanguageTag("ru")))
                .contains("40 мин")
                .doesNotContain("15");
        assertThat(messages.getMessage("login.locked", new Object[] {1L}, Locale.ENGLISH))
                .contains("paused for 1 minute.");
    }
}
