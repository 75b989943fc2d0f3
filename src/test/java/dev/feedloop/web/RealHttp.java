package dev.feedloop.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain HTTP against the test server: what a browser or a script really sends. */
final class RealHttp {

    private static final HttpClient client =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private RealHttp() {}

    /** Signs in through the login form and answers the session cookie ("SESSION=..."). */
    static String login(int port, String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> page =
                client.send(HttpRequest.newBuilder(uri(port, "/login")).build(), HttpResponse.BodyHandlers.ofString());
        // the anonymous visitor's CSRF token comes in a cookie (no session before signing in)
        String cookie = cookies(page);
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the login page");
        }
        String form = "username=" + enc(username) + "&password=" + enc(password) + "&_csrf=" + enc(csrf.group(1));
        HttpResponse<String> login = client.send(
                HttpRequest.newBuilder(uri(port, "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", cookie)
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 302
                || !login.headers().firstValue("Location").orElse("").endsWith("/")) {
            throw new IllegalStateException("login failed: " + login.statusCode() + " " + login.headers());
        }
        return cookie(login);
    }

    static HttpResponse<String> get(int port, String path, String cookie) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(uri(port, path))
                        .header("Cookie", cookie)
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The CSRF token of the forms on {@code page}, as the signed-in person sees it. */
    static String csrf(int port, String page, String cookie) throws IOException, InterruptedException {
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(get(port, page, cookie).body());
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on " + page);
        }
        return csrf.group(1);
    }

    /** Posts a form as a browser does ({@code form} already URL-encoded), without following redirects. */
    static HttpResponse<String> post(int port, String path, String cookie, String form)
            throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(uri(port, path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", cookie)
                        .header("Accept", "text/html")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> getBasic(int port, String path, String username, String password)
            throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return client.send(
                HttpRequest.newBuilder(uri(port, path))
                        .header("Authorization", "Basic " + basic)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Every cookie the response sets, as a {@code Cookie} request header value. */
    static String cookies(HttpResponse<?> response) {
        return String.join(
                "; ",
                response.headers().allValues("Set-Cookie").stream()
                        .map(c -> c.indexOf(';') < 0 ? c : c.substring(0, c.indexOf(';')))
                        .toList());
    }

    private static String cookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("SESSION="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no session cookie"));
    }

    static URI uri(int port, String path) {
        return URI.create("http://localhost:" + port + path);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
