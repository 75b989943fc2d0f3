package dev.feedloop.webhooks;

import dev.feedloop.generation.EndpointAddresses;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import okhttp3.OkHttpClient;
import org.springframework.stereotype.Component;

/**
 * Which URLs a webhook may post to (server-side request forgery): http or https with a host,
 * without user info or fragment, on an address that {@link EndpointAddresses#strict(boolean)}
 * allows, checked when the URL is saved and again on every post (the client's name resolver), so a
 * name that later resolves to a refused address (DNS rebinding) is refused when it is called.
 */
@Component
class WebhookUrls {

    static final int MAX_LENGTH = 2000;

    private final EndpointAddresses addresses;
    private final OkHttpClient client;

    WebhookUrls(WebhookProperties properties) {
        this.addresses = EndpointAddresses.strict(properties.allowPrivateAddresses());
        this.client = addresses.httpClient(properties.timeout());
    }

    /** The URL as stored, or a refusal naming what is wrong with it. */
    String check(String typed) {
        String url = typed == null ? "" : typed.strip();
        if (url.length() > MAX_LENGTH) {
            throw WebhookRefusals.urlTooLong(MAX_LENGTH);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw WebhookRefusals.badUrl();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw WebhookRefusals.urlScheme();
        }
        if (uri.getHost() == null
                || uri.getHost().isBlank()
                || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null) {
            throw WebhookRefusals.badUrl();
        }
        String host = uri.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        addresses.refusedAddress(bare).ifPresent(address -> {
            throw WebhookRefusals.refusedAddress(bare, address);
        });
        return url;
    }

    /** The client every post goes through, under the same address rules. */
    OkHttpClient client() {
        return client;
    }
}
