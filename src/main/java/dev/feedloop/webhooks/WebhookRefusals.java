package dev.feedloop.webhooks;

import dev.feedloop.problems.Refusal;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/** The refusals of the webhook use cases. */
final class WebhookRefusals {

    private WebhookRefusals() {}

    static Refusal adminOnly() {
        return Refusal.of(HttpStatus.FORBIDDEN, "error.403.text").detail("webhooks.error.adminOnly.detail");
    }

    static Refusal notFound(long id) {
        return Refusal.of(HttpStatus.NOT_FOUND, "webhooks.error.notFound", id)
                .detail("webhooks.error.notFound.detail", id);
    }

    static Refusal deliveryNotFound(UUID id) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text")
                .detail("webhooks.error.deliveryNotFound.detail", id.toString());
    }

    static Refusal badUrl() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "webhooks.error.url").field("url");
    }

    static Refusal urlScheme() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "webhooks.error.urlScheme").field("url");
    }

    static Refusal urlTooLong(int max) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "webhooks.error.urlTooLong", max)
                .field("url");
    }

    static Refusal refusedAddress(String host, String address) {
        return Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "webhooks.error.refusedAddress", host, address)
                .code("refused-address")
                .field("url");
    }

    static Refusal noEvents() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "webhooks.error.noEvents").field("events");
    }

    static Refusal unknownEvent(String type) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "webhooks.error.unknownEvent", type)
                .field("events");
    }

    static Refusal stillPending(UUID id) {
        return Refusal.of(HttpStatus.CONFLICT, "webhooks.error.stillPending")
                .detail("webhooks.error.stillPending.detail", id.toString())
                .code("delivery-pending");
    }

    static Refusal noServerKey() {
        return Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "webhooks.error.noServerKey")
                .code("no-server-key");
    }
}
