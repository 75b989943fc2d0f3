package dev.feedloop.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One person's browser without JavaScript, as it talks to pages: its cookies (the session), the
 * CSRF token of the last page it got, forms posted as {@code application/x-www-form-urlencoded}
 * and redirects followed with a GET. Every request names the server it goes to, so one session can
 * move between servers behind a load balancer. Not thread-safe: one person, one thread.
 */
public final class FormBrowser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** A page as the browser got it, after following a redirect if there was one. */
    public record Page(int status, String html, URI server) {}

    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String csrf;

    private FormBrowser() {}

    /** Opens {@code server}'s login page and signs in with its form; fails unless it leads home. */
    public static FormBrowser signIn(URI server, String username, String password) {
        FormBrowser browser = new FormBrowser();
        browser.get(server, "/login");
        HttpResponse<String> login = browser.send(
                server, "/login", List.of(Map.entry("username", username), Map.entry("password", password)));
        String location = login.headers().firstValue("Location").orElse("");
        if (login.statusCode() != 302 || location.contains("/login")) {
            throw new AssertionError("sign-in of " + username + " failed: " + login.statusCode() + " to " + location);
        }
        return browser;
    }

    /** GETs {@code path} from {@code server} as a page ({@code Accept: text/html}). */
    public Page get(URI server, String path) {
        HttpResponse<String> response = exchange(request(server, path).GET());
        return new Page(response.statusCode(), response.body(), server);
    }

    /**
     * Posts the form {@code fields} (with the CSRF token of the last page) to {@code server}, and
     * follows its redirect on {@code then}, the server the browser's next request reaches.
     */
    public Page submit(URI server, String path, List<Map.Entry<String, String>> fields, URI then) {
        HttpResponse<String> response = send(server, path, fields);
        if (response.statusCode() / 100 != 3) {
            return new Page(response.statusCode(), response.body(), server);
        }
        URI location = server.resolve(response.headers().firstValue("Location").orElseThrow());
        return get(then, location.getRawPath());
    }

    private HttpResponse<String> send(URI server, String path, List<Map.Entry<String, String>> fields) {
        List<Map.Entry<String, String>> all = new ArrayList<>(fields);
        all.add(Map.entry("_csrf", csrf));
        String form = all.stream()
                .map(f -> encode(f.getKey()) + "=" + encode(f.getValue()))
                .collect(Collectors.joining("&"));
        return exchange(request(server, path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private HttpRequest.Builder request(URI server, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "text/html")
                .header("Accept-Language", "en");
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(c -> c.getKey() + "=" + c.getValue())
                            .collect(Collectors.joining("; ")));
        }
        return request;
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String value = pair.substring(eq + 1).strip();
            if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
                cookies.remove(pair.substring(0, eq).strip());
            } else {
                cookies.put(pair.substring(0, eq).strip(), value);
            }
        }
        Matcher token = CSRF.matcher(response.body());
        if (token.find()) {
            csrf = token.group(1);
        }
        return response;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
