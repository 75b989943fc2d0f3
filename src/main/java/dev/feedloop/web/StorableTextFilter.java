package dev.feedloop.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses requests whose parameters (query string, form fields, multipart fields) or uploaded file
 * names hold text that cannot be stored ({@link StorableText}), before anything reads them: it runs
 * ahead of both security filter chains, so the login form is covered too. API requests get a 400
 * problem; pages the 400 error page naming the field. One WARN line is logged.
 *
 * <p>For {@code /api/**} only the query string is checked here: an API body is never a form (the
 * import body, for one, must stay unread), and JSON bodies are checked as they are read.
 */
final class StorableTextFilter extends OncePerRequestFilter {

    /** Request attribute naming the refused field, for the 400 page. */
    static final String REFUSED_FIELD = "refusedField";

    private static final Logger log = LoggerFactory.getLogger(StorableTextFilter.class);

    private final JsonMapper json;

    StorableTextFilter(JsonMapper json) {
        this.json = json;
    }

    private record Refusal(String field, String reason) {}

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean api = isApi(request);
        Refusal refusal = api ? checkQuery(request.getQueryString()) : checkForm(request);
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        log.warn(
                "Refused {} {}: the field '{}' {}",
                request.getMethod(),
                request.getRequestURI(),
                printable(refusal.field()),
                refusal.reason());
        if (api) {
            ProblemDetail problem = StorableText.refusal(printable(refusal.field()), refusal.reason());
            problem.setInstance(URI.create(request.getRequestURI()));
            response.setStatus(problem.getStatus());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
        } else {
            request.setAttribute(REFUSED_FIELD, printable(refusal.field()));
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
        }
    }

    static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/api/");
    }

    private static Refusal checkQuery(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            Refusal refusal = check(name, value);
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
    }

    private static Refusal checkForm(HttpServletRequest request) {
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            for (String value : parameter.getValue()) {
                Refusal refusal = check(parameter.getKey(), value);
                if (refusal != null) {
                    return refusal;
                }
            }
        }
        String type = request.getContentType();
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            try {
                for (Part part : request.getParts()) {
                    String reason = StorableText.problem(part.getSubmittedFileName());
                    if (reason != null) {
                        return new Refusal(part.getName() + " (file name)", reason);
                    }
                }
            } catch (IOException | ServletException | IllegalStateException e) {
                // An unreadable or oversized upload: the controller's multipart handling reports it.
                return null;
            }
        }
        return null;
    }

    private static Refusal check(String name, String value) {
        String reason = StorableText.problem(name);
        if (reason == null) {
            reason = StorableText.problem(value);
        }
        return reason == null ? null : new Refusal(name, reason);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** The field name as it can be shown and logged: NUL and lone surrogates become U+FFFD. */
    private static String printable(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < field.length()
                    && Character.isLowSurrogate(field.charAt(i + 1))) {
                out.append(c).append(field.charAt(++i));
            } else if (c == '\0' || Character.isSurrogate(c) || Character.isISOControl(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
