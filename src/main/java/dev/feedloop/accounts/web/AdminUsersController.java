package dev.feedloop.accounts.web;

import dev.feedloop.accounts.NewUser;
import dev.feedloop.accounts.UserView;
import dev.feedloop.accounts.Users;
import dev.feedloop.problems.RefusalShows;
import jakarta.validation.Valid;
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

/** Admin pages for user accounts: list, create, edit, disable/enable, reset password. */
@Controller
@RequestMapping("/admin/users")
class AdminUsersController {

    private final Users users;

    AdminUsersController(Users users) {
        this.users = users;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("users", users.list());
        return "accounts/users";
    }

    @GetMapping("/new")
    String newUser(Model model) {
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", UserForm.empty());
        }
        return "accounts/user-new";
    }

    /** A refused user comes back with the username, name and role typed, never the password. */
    @PostMapping
    @RefusalShows(value = "/admin/users/new", form = "form")
    String create(@Valid @ModelAttribute("form") UserForm form, BindingResult errors, RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            return "accounts/user-new";
        }
        UserView created =
                users.create(new NewUser(form.username(), form.password(), form.displayName(), form.isAdmin()));
        redirect.addFlashAttribute("flashMessage", "users.createdFlash");
        redirect.addFlashAttribute("flashArg", created.username());
        return "redirect:/admin/users";
    }

    @GetMapping("/{id}")
    String edit(@PathVariable long id, Model model) {
        UserView user = users.get(id);
        model.addAttribute("user", user);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new UserEditForm(user.displayName(), user.admin()));
        }
        return "accounts/user-edit";
    }

    @PostMapping("/{id}")
    @RefusalShows(value = "/admin/users/{id}", form = "form")
    String update(
            @PathVariable long id,
            @Valid @ModelAttribute("form") UserEditForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            model.addAttribute("user", users.get(id));
            return "accounts/user-edit";
        }
        users.update(id, form.displayName(), form.isAdmin());
        redirect.addFlashAttribute("flashMessage", "users.saved");
        return "redirect:/admin/users/" + id;
    }

    @PostMapping("/{id}/enabled")
    @RefusalShows("/admin/users/{id}")
    String setEnabled(@PathVariable long id, @RequestParam boolean enabled, RedirectAttributes redirect) {
        users.setEnabled(id, enabled);
        redirect.addFlashAttribute("flashMessage", enabled ? "users.enabledDone" : "users.disabledDone");
        return "redirect:/admin/users/" + id;
    }

    @PostMapping("/{id}/password")
    @RefusalShows("/admin/users/{id}")
    String resetPassword(@PathVariable long id, @RequestParam String password, RedirectAttributes redirect) {
        users.resetPassword(id, password);
        redirect.addFlashAttribute("flashMessage", "users.passwordReset");
        return "redirect:/admin/users/" + id;
    }
}
