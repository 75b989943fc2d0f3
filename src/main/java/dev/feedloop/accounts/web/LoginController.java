package dev.feedloop.accounts.web;

import dev.feedloop.accounts.AccountsProperties;
import dev.feedloop.accounts.SsoProviders;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class LoginController {

    private final AccountsProperties properties;
    private final SsoProviders ssoProviders;

    LoginController(AccountsProperties properties, SsoProviders ssoProviders) {
        this.properties = properties;
        this.ssoProviders = ssoProviders;
    }

    @GetMapping("/login")
    String login(Authentication authentication, Model model) {
        if (authentication != null
                && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            return "redirect:/";
        }
        model.addAttribute("lockoutMinutes", properties.lockoutWindow().toMinutes());
        model.addAttribute("ssoProviders", ssoProviders.list());
        model.addAttribute("passwordLogin", properties.sso().passwordLogin());
        return "accounts/login";
    }
}
