package dev.feedloop.webhooks;

import java.util.List;

/** A page of a webhook's deliveries, newest first ({@code page} from 0). */
public record DeliveryPage(WebhookView webhook, List<DeliveryView> deliveries, int page, boolean hasNext) {}
