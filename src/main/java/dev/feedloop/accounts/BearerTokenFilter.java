package dev.feedloop.accounts;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <personal API token>}; a bad token gets 401. A request
 * an earlier filter authenticated (the metrics scrape token, {@link ScrapeTokenFilter}) goes on as
 * it is.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final AuthenticationEntryPoint entryPoint;

    BearerTokenFilter(ApiTokens tokens, AuthenticationEntryPoint entryPoint) {
        this.tokens = tokens;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = bearerToken(request);
        if (token == null || SecurityContextHolder.getContext().getAuthentication() != null) {
            chain.doFilter(request, response);
            return;
        }
        var principal = tokens.authenticate(token);
        if (principal.isEmpty()) {
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("invalid token"));
            return;
        }
        continueAs(
                UsernamePasswordAuthenticationToken.authenticated(
                        principal.get(), null, principal.get().getAuthorities()),
                request,
                response,
                chain);
    }

    /** The token of an {@code Authorization: Bearer} header, or null without one. */
    static @Nullable String bearerToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? null
                : header.substring(7).strip();
    }

    /** Runs the rest of the chain as {@code authentication}, cleared afterwards. */
    static void continueAs(
            Authentication authentication, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
