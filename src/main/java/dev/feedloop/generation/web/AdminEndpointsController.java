package dev.feedloop.generation.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.generation.ConnectionCheck;
import dev.feedloop.generation.EndpointSettings;
import dev.feedloop.generation.EndpointView;
import dev.feedloop.generation.ModelEndpoints;
import dev.feedloop.problems.RefusalShows;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Admin pages for model endpoints: the list, a new endpoint, an endpoint's settings, "Test
 * connection" and delete. A typed API key is never kept on a refused form (PageRefusals keeps no
 * parameter named like {@code apiKey}) nor shown back.
 */
@Controller
@RequestMapping("/admin/endpoints")
class AdminEndpointsController {

    private final ModelEndpoints endpoints;

    AdminEndpointsController(ModelEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @GetMapping
    String list(@AuthenticationPrincipal AccountPrincipal me, Model model) {
        model.addAttribute("endpoints", endpoints.list(me));
        model.addAttribute("keysAccepted", endpoints.keysAccepted());
        return "generation/endpoints";
    }

    @GetMapping("/new")
    String newEndpoint(Model model) {
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", EndpointSettings.empty());
        }
        model.addAttribute("keysAccepted", endpoints.keysAccepted());
        return "generation/endpoint";
    }

    @PostMapping
    @RefusalShows(value = "/admin/endpoints/new", form = "form")
    String create(
            @AuthenticationPrincipal AccountPrincipal me,
            @Valid @ModelAttribute("form") EndpointSettings form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            model.addAttribute("keysAccepted", endpoints.keysAccepted());
            return "generation/endpoint";
        }
        EndpointView created = endpoints.create(me, form);
        redirect.addFlashAttribute("flashMessage", "endpoints.createdFlash");
        redirect.addFlashAttribute("flashArg", created.name());
        return "redirect:/admin/endpoints/" + created.id();
    }

    @GetMapping("/{id}")
    String edit(@AuthenticationPrincipal AccountPrincipal me, @PathVariable long id, Model model) {
        EndpointView endpoint = endpoints.get(me, id);
        model.addAttribute("endpoint", endpoint);
        model.addAttribute("keysAccepted", endpoints.keysAccepted());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", EndpointSettings.of(endpoint));
        }
        return "generation/endpoint";
    }

    @PostMapping("/{id}")
    @RefusalShows(value = "/admin/endpoints/{id}", form = "form")
    String update(
            @AuthenticationPrincipal AccountPrincipal me,
            @PathVariable long id,
            @Valid @ModelAttribute("form") EndpointSettings form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            model.addAttribute("endpoint", endpoints.get(me, id));
            model.addAttribute("keysAccepted", endpoints.keysAccepted());
            return "generation/endpoint";
        }
        endpoints.update(me, id, form);
        redirect.addFlashAttribute("flashMessage", "endpoints.saved");
        return "redirect:/admin/endpoints/" + id;
    }

    /** The result replaces the page's result area (htmx), or comes back on the endpoint's page. */
    @PostMapping("/{id}/test")
    @RefusalShows("/admin/endpoints/{id}")
    String test(
            @AuthenticationPrincipal AccountPrincipal me,
            @PathVariable long id,
            HtmxRequest htmx,
            Model model,
            RedirectAttributes redirect) {
        ConnectionCheck check = endpoints.test(me, id);
        if (htmx.isHtmxRequest()) {
            model.addAttribute("check", check);
            return "generation/endpoint :: testResult";
        }
        redirect.addFlashAttribute("check", check);
        return "redirect:/admin/endpoints/" + id;
    }

    @PostMapping("/{id}/delete")
    String delete(@AuthenticationPrincipal AccountPrincipal me, @PathVariable long id, RedirectAttributes redirect) {
        EndpointView endpoint = endpoints.get(me, id);
        endpoints.delete(me, id);
        redirect.addFlashAttribute("flashMessage", "endpoints.deletedFlash");
        redirect.addFlashAttribute("flashArg", endpoint.name());
        return "redirect:/admin/endpoints";
    }
}
