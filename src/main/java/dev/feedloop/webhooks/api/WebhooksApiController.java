package dev.feedloop.webhooks.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.webhooks.CreatedWebhook;
import dev.feedloop.webhooks.DeliveryPage;
import dev.feedloop.webhooks.DeliveryView;
import dev.feedloop.webhooks.WebhookView;
import dev.feedloop.webhooks.Webhooks;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A project's webhooks and their deliveries (administrators); the secret is in the create and rotate answers only. */
@RestController
@RequestMapping("/api/v1/projects/{slug}/webhooks")
class WebhooksApiController {

    private final Webhooks webhooks;

    WebhooksApiController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    /** {@code {"url": "https://…", "events": ["item.completed"], "enabled": true}} */
    record WebhookRequest(String url, List<String> events, Boolean enabled) {}

    @GetMapping
    List<WebhookView> list(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me) {
        return webhooks.list(slug, me);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CreatedWebhook create(
            @PathVariable String slug,
            @RequestBody WebhookRequest request,
            @AuthenticationPrincipal AccountPrincipal me) {
        return webhooks.create(slug, request.url(), request.events(), me);
    }

    @GetMapping("/{id}")
    WebhookView get(@PathVariable String slug, @PathVariable long id, @AuthenticationPrincipal AccountPrincipal me) {
        return webhooks.get(slug, id, me);
    }

    /** Changes the URL and events; {@code enabled}, when given, turns it on or off. */
    @PutMapping("/{id}")
    WebhookView update(
            @PathVariable String slug,
            @PathVariable long id,
            @RequestBody WebhookRequest request,
            @AuthenticationPrincipal AccountPrincipal me) {
        WebhookView updated = webhooks.update(slug, id, request.url(), request.events(), me);
        return request.enabled() == null ? updated : webhooks.setEnabled(slug, id, request.enabled(), me);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String slug, @PathVariable long id, @AuthenticationPrincipal AccountPrincipal me) {
        webhooks.delete(slug, id, me);
    }

    @PostMapping("/{id}/rotate-secret")
    CreatedWebhook rotate(
            @PathVariable String slug, @PathVariable long id, @AuthenticationPrincipal AccountPrincipal me) {
        return webhooks.rotateSecret(slug, id, me);
    }

    @PostMapping("/{id}/test")
    @ResponseStatus(HttpStatus.ACCEPTED)
    DeliveryView test(@PathVariable String slug, @PathVariable long id, @AuthenticationPrincipal AccountPrincipal me) {
        return webhooks.sendTest(slug, id, me);
    }

    @GetMapping("/{id}/deliveries")
    DeliveryPage deliveries(
            @PathVariable String slug,
            @PathVariable long id,
            @RequestParam(defaultValue = "0") int page,
            @AuthenticationPrincipal AccountPrincipal me) {
        return webhooks.deliveries(slug, id, page, me);
    }

    @GetMapping("/{id}/deliveries/{deliveryId}")
    DeliveryView delivery(
            @PathVariable String slug,
            @PathVariable long id,
            @PathVariable UUID deliveryId,
            @AuthenticationPrincipal AccountPrincipal me) {
        return webhooks.delivery(slug, id, deliveryId, me);
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
    @ResponseStatus(HttpStatus.ACCEPTED)
    DeliveryView redeliver(
            @PathVariable String slug,
            @PathVariable long id,
            @PathVariable UUID deliveryId,
            @AuthenticationPrincipal AccountPrincipal me) {
        return webhooks.redeliver(slug, id, deliveryId, me);
    }
}
