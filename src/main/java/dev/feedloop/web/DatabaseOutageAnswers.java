package dev.feedloop.web;

import dev.feedloop.database.DatabaseOutage;
import dev.feedloop.problems.Refusal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * While the database cannot be reached ({@link DatabaseOutage}), requests answer 503 with {@code
 * Retry-After} instead of 500: {@code application/problem+json} (code {@code database-unavailable})
 * under {@code /api} and {@code /actuator} (its detail in English, like every problem's), the outage page ({@code error/503}) otherwise.
 *
 * <p>The outage surfaces in two places, and this catches it in both: in controllers and services
 * (as the first {@link HandlerExceptionResolver}, before any {@code @ExceptionHandler}), and in
 * servlet filters that read the database before any controller runs (sessions, API tokens,
 * sign-in), as a filter around them all. Other failures pass through untouched.
 */
@Component
class DatabaseOutageAnswers extends OncePerRequestFilter implements HandlerExceptionResolver, Ordered {

    /** Seconds a client is asked to wait before retrying. */
    static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageAnswers.class);

    private final MessageSource messages;
    private final LocaleResolver locales;
    private final JsonMapper json;
    private final ThymeleafViewResolver views;

    DatabaseOutageAnswers(
            MessageSource messages, LocaleResolver locales, JsonMapper json, ThymeleafViewResolver views) {
        this.messages = messages;
        this.locales = locales;
        this.json = json;
        this.views = views;
    }

    /** Outside the session and security filters (which read the database), inside observation. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 40;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (!DatabaseOutage.isCauseOf(e) || response.isCommitted()) {
                throw e;
            }
            answer(request, response, e);
        }
    }

    @Override
    public @Nullable ModelAndView resolveException(
            HttpServletRequest request, HttpServletResponse response, @Nullable Object handler, Exception ex) {
        if (!DatabaseOutage.isCauseOf(ex) || response.isCommitted()) {
            return null;
        }
        try {
            answer(request, response, ex);
        } catch (IOException e) {
            return null;
        }
        return new ModelAndView();
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, Exception failure)
            throws IOException {
        log.warn(
                "Database unavailable; answering 503 to {} {}: {}",
                request.getMethod(),
                request.getRequestURI(),
                rootMessage(failure));
        response.resetBuffer();
        // A download that failed before its first byte has set its own headers already.
        for (String header : List.of(HttpHeaders.CONTENT_DISPOSITION, HttpHeaders.CONTENT_ENCODING, HttpHeaders.ETAG)) {
            response.setHeader(header, null);
        }
        response.setContentLengthLong(-1);
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/") || path.startsWith("/actuator")) {
            String detail = messages.getMessage("error.503.detail", null, Refusal.DETAIL_LOCALE);
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
            problem.setInstance(URI.create(request.getRequestURI()));
            problem.setProperty("code", "database-unavailable");
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
            return;
        }
        // Rendered here rather than through the /error dispatch, which would look up the session
        // (in the database) once more.
        request.setAttribute(DispatcherServlet.LOCALE_RESOLVER_ATTRIBUTE, locales);
        try {
            View page = Objects.requireNonNull(views.resolveViewName("error/503", locales.resolveLocale(request)));
            page.render(Map.of(), request, response);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("The outage page could not be rendered", e);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
