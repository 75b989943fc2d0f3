package dev.feedloop.webhooks.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.problems.RefusalShows;
import dev.feedloop.projects.Projects;
import dev.feedloop.webhooks.CreatedWebhook;
import dev.feedloop.webhooks.WebhookEvent;
import dev.feedloop.webhooks.WebhookView;
import dev.feedloop.webhooks.Webhooks;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The webhooks page of a project and each webhook's deliveries (administrators). */
@Controller
class WebhooksController {

    private static final String LIST = "redirect:/projects/{slug}/webhooks";

    private final Webhooks webhooks;
    private final Projects projects;

    WebhooksController(Webhooks webhooks, Projects projects) {
        this.webhooks = webhooks;
        this.projects = projects;
    }

    /** The event types the forms offer, in their order. */
    static List<String> eventTypes() {
        return Arrays.stream(WebhookEvent.values())
                .filter(e -> e != WebhookEvent.WEBHOOK_TEST)
                .map(WebhookEvent::type)
                .toList();
    }

    /** The list, the add form, and with {@code edit} that webhook's edit form. */
    @GetMapping("/projects/{slug}/webhooks")
    String list(
            @PathVariable String slug,
            @RequestParam(required = false) Long edit,
            @AuthenticationPrincipal AccountPrincipal me,
            Model model) {
        List<WebhookView> all = webhooks.list(slug, me);
        model.addAttribute("project", projects.requireVisible(slug, me));
        model.addAttribute("webhooks", all);
        model.addAttribute("eventTypes", eventTypes());
        model.addAttribute("secretsStorable", webhooks.secretsStorable());
        model.addAttribute("editing", edit == null ? null : webhooks.get(slug, edit, me));
        return "webhooks/webhooks";
    }

    /** Makes a webhook and shows its secret once, on the page the redirect opens. */
    @PostMapping("/projects/{slug}/webhooks")
    @RefusalShows(
            value = "/projects/{slug}/webhooks",
            keep = {"url", "events"})
    String create(
            @PathVariable String slug,
            @RequestParam(required = false) String url,
            @RequestParam(required = false) List<String> events,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        secret(redirect, webhooks.create(slug, url, events, me));
        return LIST;
    }

    @PostMapping("/projects/{slug}/webhooks/{id}")
    @RefusalShows(
            value = "/projects/{slug}/webhooks?edit={id}",
            keep = {"url", "events"})
    String update(
            @PathVariable String slug,
            @PathVariable long id,
            @RequestParam(required = false) String url,
            @RequestParam(required = false) List<String> events,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        webhooks.update(slug, id, url, events, me);
        redirect.addFlashAttribute("flashMessage", "webhooks.saved");
        return LIST;
    }

    @PostMapping("/projects/{slug}/webhooks/{id}/enabled")
    // a webhook deleted meanwhile (another tab, another admin) comes back to the list with a message
    @RefusalShows(
            value = "/projects/{slug}/webhooks",
            statuses = {400, 404, 409, 422})
    String enable(
            @PathVariable String slug,
            @PathVariable long id,
            @RequestParam boolean enabled,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        webhooks.setEnabled(slug, id, enabled, me);
        redirect.addFlashAttribute("flashMessage", enabled ? "webhooks.enabledNow" : "webhooks.disabledNow");
        return LIST;
    }

    @PostMapping("/projects/{slug}/webhooks/{id}/rotate-secret")
    // a webhook deleted meanwhile (another tab, another admin) comes back to the list with a message
    @RefusalShows(
            value = "/projects/{slug}/webhooks",
            statuses = {400, 404, 409, 422})
    String rotate(
            @PathVariable String slug,
            @PathVariable long id,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        secret(redirect, webhooks.rotateSecret(slug, id, me));
        return LIST;
    }

    @PostMapping("/projects/{slug}/webhooks/{id}/delete")
    // a webhook deleted meanwhile (another tab, another admin) comes back to the list with a message
    @RefusalShows(
            value = "/projects/{slug}/webhooks",
            statuses = {400, 404, 409, 422})
    String delete(
            @PathVariable String slug,
            @PathVariable long id,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        webhooks.delete(slug, id, me);
        redirect.addFlashAttribute("flashMessage", "webhooks.deleted");
        return LIST;
    }

    @PostMapping("/projects/{slug}/webhooks/{id}/test")
    // a webhook deleted meanwhile (another tab, another admin) comes back to the list with a message
    @RefusalShows(
            value = "/projects/{slug}/webhooks",
            statuses = {400, 404, 409, 422})
    String test(
            @PathVariable String slug,
            @PathVariable long id,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        webhooks.sendTest(slug, id, me);
        redirect.addFlashAttribute("flashMessage", "webhooks.testSent");
        return "redirect:/projects/{slug}/webhooks/{id}/deliveries";
    }

    /** The webhook's deliveries, newest first, {@value Webhooks#PAGE_SIZE} a page. */
    @GetMapping("/projects/{slug}/webhooks/{id}/deliveries")
    String deliveries(
            @PathVariable String slug,
            @PathVariable long id,
            @RequestParam(defaultValue = "0") int page,
            @AuthenticationPrincipal AccountPrincipal me,
            Model model) {
        model.addAttribute("project", projects.requireVisible(slug, me));
        model.addAttribute("page", webhooks.deliveries(slug, id, page, me));
        return "webhooks/deliveries";
    }

    @PostMapping("/projects/{slug}/webhooks/{id}/deliveries/{deliveryId}/redeliver")
    @RefusalShows("/projects/{slug}/webhooks/{id}/deliveries")
    String redeliver(
            @PathVariable String slug,
            @PathVariable long id,
            @PathVariable UUID deliveryId,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        webhooks.redeliver(slug, id, deliveryId, me);
        redirect.addFlashAttribute("flashMessage", "webhooks.redelivering");
        return "redirect:/projects/{slug}/webhooks/{id}/deliveries";
    }

    private static void secret(RedirectAttributes redirect, CreatedWebhook created) {
        // flash attributes are kept on the server between the two requests: plain values only
        redirect.addFlashAttribute("createdWebhookId", created.webhook().id());
        redirect.addFlashAttribute("createdSecret", created.secret());
    }
}
