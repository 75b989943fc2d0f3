package dev.feedloop.accounts;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequestHeader;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponseHeader;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the page chain answers the pages' scripts when nobody is signed in: htmx requests
 * ({@code HX-Request}) and fetches that ask for JSON or send {@code X-Requested-With} get 401, so the
 * page can say that the session ended and keep what the person typed. Navigations are not scripted
 * and still go to the login page, which brings the person back to the page afterwards.
 *
 * <p>When a session ends, the CSRF token the page holds ends with it, and the CSRF filter refuses a
 * POST before anyone asks who is signed in. That refusal is a 401 as well for scripted requests
 * without a signed-in user; a bad token from a signed-in user stays a 403.
 */
final class SignedOutAnswers {

    /** Requests made by htmx. */
    static final RequestMatcher HTMX = new RequestHeaderRequestMatcher(HtmxRequestHeader.HX_REQUEST.getValue(), "true");

    /** Requests made by the pages' own {@code fetch} calls. */
    static final RequestMatcher FETCH =
            new OrRequestMatcher(new RequestHeaderRequestMatcher("X-Requested-With"), json());

    private static final RequestMatcher SCRIPTED = new OrRequestMatcher(HTMX, FETCH);

    private final JsonMapper json;
    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

    SignedOutAnswers(JsonMapper json) {
        this.json = json;
    }

    /**
     * 401 for htmx. {@code HX-Refresh} reloads a page that does not handle the answer itself; the
     * pages' script (app.js) handles it before htmx acts on the header, and keeps the page.
     */
    AuthenticationEntryPoint htmx() {
        return (request, response, exception) -> {
            response.setHeader(HtmxResponseHeader.HX_REFRESH.getValue(), "true");
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        };
    }

    /** 401 as problem details, without {@code WWW-Authenticate} (that would open the browser's login box). */
    AuthenticationEntryPoint fetch() {
        return (request, response, exception) -> {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.UNAUTHORIZED, "The session has ended or was never started: sign in again.");
            problem.setInstance(java.net.URI.create(request.getRequestURI()));
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
        };
    }

    /**
     * Refusals (the CSRF filter's included) of a scripted request without a signed-in user answer
     * 401 like {@link #htmx()} and {@link #fetch()}; everything else goes to {@code otherwise}.
     */
    AccessDeniedHandler accessDeniedHandler(AccessDeniedHandler otherwise) {
        AuthenticationEntryPoint htmx = htmx();
        AuthenticationEntryPoint fetch = fetch();
        return (request, response, exception) -> {
            var authentication = SecurityContextHolder.getContextHolderStrategy()
                    .getContext()
                    .getAuthentication();
            if (!SCRIPTED.matches(request) || trust.isAuthenticated(authentication)) {
                otherwise.handle(request, response, exception);
                return;
            }
            var signedOut = new InsufficientAuthenticationException("No signed-in user", exception);
            (HTMX.matches(request) ? htmx : fetch).commence(request, response, signedOut);
        };
    }

    private static RequestMatcher json() {
        var json = new MediaTypeRequestMatcher(MediaType.APPLICATION_JSON);
        json.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        return json;
    }
}
