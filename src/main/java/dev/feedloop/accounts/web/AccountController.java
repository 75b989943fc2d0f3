package dev.feedloop.accounts.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.CreatedApiToken;
import dev.feedloop.accounts.SsoAccounts;
import dev.feedloop.accounts.Users;
import dev.feedloop.problems.RefusalShows;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Everyone's own account: password, language, personal API tokens. */
@Controller
@RequestMapping("/account")
class AccountController {

    private final Users users;
    private final ApiTokens tokens;
    private final SsoAccounts ssoAccounts;

    AccountController(Users users, ApiTokens tokens, SsoAccounts ssoAccounts) {
        this.users = users;
        this.tokens = tokens;
        this.ssoAccounts = ssoAccounts;
    }

    @GetMapping
    String show(@AuthenticationPrincipal AccountPrincipal me, Model model) {
        if (!model.containsAttribute("passwordForm")) {
            model.addAttribute("passwordForm", PasswordForm.empty());
        }
        return page(me, model);
    }

    /**
     * A refused change comes back with the message next to the current or the new password, and
     * every field empty: passwords are never kept. A paused account (429) is shown the same way.
     */
    @PostMapping("/password")
    @RefusalShows(
            value = "/account",
            form = "passwordForm",
            fieldsAs = "password=newPassword",
            statuses = {400, 409, 422, 429})
    String changePassword(
            @AuthenticationPrincipal AccountPrincipal me,
            @ModelAttribute("passwordForm") PasswordForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect,
            HttpServletRequest request) {
        if (form.newPassword() == null || !form.newPassword().equals(form.confirmPassword())) {
            errors.rejectValue("confirmPassword", "password.error.mismatch");
            return page(me, model);
        }
        HttpSession session = request.getSession(false);
        users.changeOwnPassword(
                me.id(), form.currentPassword(), form.newPassword(), session == null ? null : session.getId());
        redirect.addFlashAttribute("flashMessage", "account.passwordChanged");
        return "redirect:/account";
    }

    @PostMapping("/tokens")
    String createToken(
            @AuthenticationPrincipal AccountPrincipal me, @RequestParam String name, RedirectAttributes redirect) {
        CreatedApiToken created = tokens.create(me.id(), name);
        redirect.addFlashAttribute("newToken", created);
        return "redirect:/account#tokens";
    }

    @PostMapping("/tokens/{id}/revoke")
    String revokeToken(
            @AuthenticationPrincipal AccountPrincipal me, @PathVariable long id, RedirectAttributes redirect) {
        tokens.revoke(me.id(), id);
        redirect.addFlashAttribute("flashMessage", "tokens.revoked");
        return "redirect:/account#tokens";
    }

    private String page(AccountPrincipal me, Model model) {
        model.addAttribute("me", users.get(me.id()));
        model.addAttribute("tokens", tokens.list(me.id()));
        model.addAttribute("signInIssuers", ssoAccounts.linkedIssuers(me.id()));
        return "accounts/account";
    }
}
