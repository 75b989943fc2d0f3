package dev.feedloop.accounts.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.Users;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.LocaleResolver;

/** The language switch in the page header; saved in a cookie and, when signed in, on the account. */
@Controller
class LanguageController {

    private final LocaleResolver locales;
    private final Users users;

    LanguageController(LocaleResolver locales, Users users) {
        this.locales = locales;
        this.users = users;
    }

    @PostMapping("/language")
    String change(
            @RequestParam String lang,
            @RequestParam(defaultValue = "/") String returnTo,
            @AuthenticationPrincipal AccountPrincipal me,
            HttpServletRequest request,
            HttpServletResponse response) {
        String language = Users.normalizeLocale(lang);
        locales.setLocale(request, response, Locale.forLanguageTag(language));
        if (me != null) {
            users.changeLocale(me.id(), language);
        }
        return "redirect:" + localPath(returnTo);
    }

    /** Only same-site paths: no scheme, no host, no protocol-relative {@code //}. */
    static String localPath(String path) {
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) {
            return "/";
        }
        for (char c : path.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                return "/";
            }
        }
        return path;
    }
}
