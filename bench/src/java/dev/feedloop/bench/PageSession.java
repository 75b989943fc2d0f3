package dev.feedloop.bench;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.zip.GZIPInputStream;

/**
 * One person's browser, signed in through the login form: its own connection, its cookies (the
 * session, the language), the CSRF token of the last page, and the requests a browser makes for
 * pages and their forms ({@code Accept-Encoding: gzip}, redirects followed by the caller).
 */
final class PageSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** A page as the browser got it: the status, the HTML (unpacked) and its size on the wire. */
    record Page(int status, String html, long wireBytes, String location) {}

    private final HttpClient http;
    private final URI base;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String csrf;

    private PageSession(URI base) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.base = base;
    }

    /** Opens the login page, posts the form with its CSRF token and keeps the new session. */
    static PageSession signIn(URI base, String username, String password) throws IOException, InterruptedException {
        PageSession session = new PageSession(base);
        session.get("/login");
        Page login = session.post("/login", List.of(Map.entry("username", username), Map.entry("password", password)));
        if (login.status() != 302 || login.location().contains("/login")) {
            throw new IllegalStateException(
                    "Sign-in of " + username + " failed: " + login.status() + " to " + login.location());
        }
        return session;
    }

    Page get(String path) throws IOException, InterruptedException {
        return send(request(path).header("Accept", "text/html").GET());
    }

    /** Posts the form fields, with the CSRF token of the last page, as the browser encodes them. */
    Page post(String path, List<Map.Entry<String, String>> fields) throws IOException, InterruptedException {
        List<Map.Entry<String, String>> all = new ArrayList<>(fields);
        all.add(Map.entry("_csrf", csrf));
        String form = all.stream()
                .map(f -> encode(f.getKey()) + "=" + encode(f.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(path)
                .header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** Follows a redirect the way the browser does: a GET of the location. */
    Page follow(Page redirect) throws IOException, InterruptedException {
        return get(base.resolve(redirect.location()).getRawPath());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept-Encoding", "gzip");
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(c -> c.getKey() + "=" + c.getValue())
                            .collect(Collectors.joining("; ")));
        }
        return request;
    }

    private Page send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        byte[] body = response.body();
        String html;
        if (response.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
                html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } else {
            html = new String(body, StandardCharsets.UTF_8);
        }
        Matcher token = CSRF.matcher(html);
        if (token.find()) {
            csrf = token.group(1);
        }
        return new Page(
                response.statusCode(),
                html,
                body.length,
                response.headers().firstValue("Location").orElse(""));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
