package dev.feedloop.accounts;

import dev.feedloop.metrics.ScrapeToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a Prometheus server read {@code /actuator/prometheus} with {@code Authorization: Bearer
 * <scrape token>} ({@code feedloop.metrics.scrape-token}): the request gets the role {@code
 * METRICS}, which allows that endpoint only. Any other bearer token goes on to {@link
 * BearerTokenFilter} as a personal API token.
 */
class ScrapeTokenFilter extends OncePerRequestFilter {

    /** The role of a request that presented the scrape token. */
    static final String ROLE = "METRICS";

    private static final RequestMatcher PROMETHEUS =
            PathPatternRequestMatcher.withDefaults().matcher("/actuator/prometheus");

    private final ScrapeToken token;

    ScrapeTokenFilter(ScrapeToken token) {
        this.token = token;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !token.configured() || !PROMETHEUS.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!token.matches(BearerTokenFilter.bearerToken(request))) {
            chain.doFilter(request, response);
            return;
        }
        BearerTokenFilter.continueAs(
                UsernamePasswordAuthenticationToken.authenticated(
                        "prometheus", null, List.of(new SimpleGrantedAuthority("ROLE_" + ROLE))),
                request,
                response,
                chain);
    }
}
