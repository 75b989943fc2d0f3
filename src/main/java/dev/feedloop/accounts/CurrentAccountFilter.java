package dev.feedloop.accounts;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives a page session the rights its account has now, not those it had at sign-in: on every
 * request the signed-in person is read again by id (one primary-key query), so making someone an
 * administrator or taking it away applies to the next request of every open session, and the
 * session of a disabled or deleted account ends. The session keeps the principal of its sign-in;
 * only the request sees the current one.
 */
class CurrentAccountFilter extends OncePerRequestFilter {

    private final AccountUserDetailsService accounts;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    CurrentAccountFilter(AccountUserDetailsService accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication signedIn = contexts.getContext().getAuthentication();
        if (signedIn != null && signedIn.getPrincipal() instanceof AccountPrincipal principal) {
            Optional<AccountPrincipal> current = accounts.loadEnabled(principal.id());
            if (current.isPresent()) {
                var authentication = UsernamePasswordAuthenticationToken.authenticated(
                        current.get(), null, current.get().getAuthorities());
                authentication.setDetails(signedIn.getDetails());
                SecurityContext context = contexts.createEmptyContext();
                context.setAuthentication(authentication);
                contexts.setContext(context);
            } else {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                contexts.clearContext();
            }
        }
        chain.doFilter(request, response);
    }
}
