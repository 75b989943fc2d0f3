package dev.feedloop.accounts;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * CSRF tokens of signed-in people live in their session; those of anonymous visitors (the login
 * form, the language switch) in an HTTP-only, same-site cookie, so that showing a visitor the login
 * page stores no session row in the database. Signing in replaces the cookie's token by one in the
 * new session, and signing out removes the session's.
 */
class SessionOrCookieCsrfTokenRepository implements CsrfTokenRepository {

    /** The header htmx and the pages' scripts send the token in, wherever it is kept. */
    private static final String HEADER = "X-CSRF-TOKEN";

    private final HttpSessionCsrfTokenRepository session = new HttpSessionCsrfTokenRepository();
    private final CookieCsrfTokenRepository cookie = new CookieCsrfTokenRepository();

    SessionOrCookieCsrfTokenRepository() {
        session.setHeaderName(HEADER);
        cookie.setHeaderName(HEADER);
        cookie.setCookieCustomizer(c -> c.sameSite("Lax"));
    }

    @Override
    public CsrfToken generateToken(HttpServletRequest request) {
        return repository(request).generateToken(request);
    }

    @Override
    public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
        repository(request).saveToken(token, request, response);
    }

    @Override
    public CsrfToken loadToken(HttpServletRequest request) {
        return repository(request).loadToken(request);
    }

    private CsrfTokenRepository repository(HttpServletRequest request) {
        return request.getSession(false) != null ? session : cookie;
    }
}
