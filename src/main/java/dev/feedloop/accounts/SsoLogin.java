package dev.feedloop.accounts;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * OpenID Connect sign-in on the page chain (Spring Security's {@code oauth2Login}), configured only
 * when a client registration exists. The ID token's claims go to {@link SsoAccounts}; on success
 * the session holds the account's {@link AccountPrincipal}, as after a password sign-in, and the
 * provider's tokens are not kept. Refusals land on the login page with their reason.
 */
final class SsoLogin {

    private static final Logger log = LoggerFactory.getLogger(SsoLogin.class);

    private final SsoAccounts accounts;
    private final AuthenticationSuccessHandler signedIn;
    private final SecurityContextRepository contexts;
    private final SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();
    private final RedirectStrategy redirects = new DefaultRedirectStrategy();

    /**
     * @param signedIn what a password sign-in does next (the person's language, the page they
     *     asked for)
     */
    SsoLogin(SsoAccounts accounts, AuthenticationSuccessHandler signedIn, SecurityContextRepository contexts) {
        this.accounts = accounts;
        this.signedIn = signedIn;
        this.contexts = contexts;
    }

    /**
     * Adds the OpenID Connect login to the page chain.
     *
     * @param passwords the authentication of password sign-ins, which the chain's authentication
     *     manager asks for everything but OpenID Connect
     */
    void configure(HttpSecurity http, ClientRegistrationRepository registrations, AuthenticationManager passwords)
            throws Exception {
        // Only OpenID Connect: a registration without the openid scope finds no provider here and
        // fails like any other failed sign-in.
        var openIdConnect = new OidcAuthorizationCodeAuthenticationProvider(
                new RestClientAuthorizationCodeTokenResponseClient(), oidcUsers());
        http.authenticationManager(new ProviderManager(List.of(openIdConnect), passwords))
                .oauth2Login(login -> login.loginPage("/login")
                        .clientRegistrationRepository(registrations)
                        .authorizedClientRepository(new Forgotten())
                        .successHandler(this::succeeded)
                        .failureHandler(failed()));
    }

    private OAuth2UserService<OidcUserRequest, OidcUser> oidcUsers() {
        var standard = new OidcUserService();
        return request -> {
            OidcUser user = standard.loadUser(request);
            AccountPrincipal account =
                    accounts.signIn(user.getIdToken().getIssuer().toString(), user.getSubject(), user.getClaims());
            return new SsoUser(account, user);
        };
    }

    private void succeeded(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws java.io.IOException, jakarta.servlet.ServletException {
        AccountPrincipal account = ((SsoUser) authentication.getPrincipal()).account();
        var token = UsernamePasswordAuthenticationToken.authenticated(account, null, account.getAuthorities());
        token.setDetails(authentication.getDetails());
        SecurityContext context = strategy.createEmptyContext();
        context.setAuthentication(token);
        strategy.setContext(context);
        contexts.saveContext(context, request, response);
        log.info("Signed in {} with single sign-on", account.getUsername());
        signedIn.onAuthenticationSuccess(request, response, token);
    }

    private AuthenticationFailureHandler failed() {
        return (request, response, exception) -> {
            String code = exception instanceof SsoSignInRefused refused ? refused.reason().code : "failed";
            log.info("Single sign-on refused ({}): {}", code, exception.getMessage());
            redirects.sendRedirect(request, response, "/login?sso=" + code);
        };
    }

    /** Keeps no provider tokens: Feedloop calls no provider API after the sign-in. */
    private static final class Forgotten implements OAuth2AuthorizedClientRepository {

        @Override
        public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(
                String clientRegistrationId, Authentication principal, HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(
                OAuth2AuthorizedClient authorizedClient,
                Authentication principal,
                HttpServletRequest request,
                HttpServletResponse response) {}

        @Override
        public void removeAuthorizedClient(
                String clientRegistrationId,
                Authentication principal,
                HttpServletRequest request,
                HttpServletResponse response) {}
    }
}
