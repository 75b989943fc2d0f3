package dev.feedloop.accounts;

import dev.feedloop.metrics.ScrapeToken;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.web.servlet.LocaleResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two filter chains: a stateless one for {@code /api/**} and {@code /actuator/**} (Bearer token or
 * HTTP Basic, answers in problem+json), and one for pages (form login, CSRF, sessions in the
 * database; OpenID Connect sign-in beside the form when a provider is configured, see {@link
 * SsoLogin}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** No inline script or style anywhere; everything comes from this server. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
            + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    AuthenticationManager authenticationManager(
            AccountUserDetailsService userDetails,
            PasswordEncoder passwordEncoder,
            LoginThrottle throttle,
            AccountsProperties properties,
            ApplicationEventPublisher events) {
        if (!properties.sso().passwordLogin()) {
            var off = new ProviderManager(new PasswordLoginOff());
            off.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
            return off;
        }
        var dao = new DaoAuthenticationProvider(userDetails);
        dao.setPasswordEncoder(passwordEncoder);
        var manager = new ProviderManager(new ThrottledAuthenticationProvider(dao, throttle));
        // Sign-ins and failed sign-ins are published for the audit log (SignInAudit).
        manager.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
        return manager;
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiFilterChain(
            HttpSecurity http,
            AuthenticationManager authenticationManager,
            ApiTokens tokens,
            ScrapeToken scrapeToken,
            JsonMapper json)
            throws Exception {
        var problems = new ProblemResponses(json);
        AuthenticationEntryPoint entryPoint = problems.entryPoint();
        http.securityMatcher("/api/**", "/actuator/**")
                // The async dispatch that completes a streamed response (StreamingResponseBody) carries no
                // credentials of its own; the request was authorised when it started.
                .authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ASYNC)
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/actuator/prometheus")
                        .hasAnyRole("ADMIN", ScrapeTokenFilter.ROLE)
                        .requestMatchers("/actuator/**")
                        .hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/v1/users", "/api/v1/projects")
                        .hasRole("ADMIN")
                        .requestMatchers(
                                "/api/v1/admin/**", "/api/v1/endpoints", "/api/v1/endpoints/**", "/api/v1/audit")
                        .hasRole("ADMIN")
                        .anyRequest()
                        .authenticated())
                .authenticationManager(authenticationManager)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                // The scrape token first: the bearer filter leaves a request it authenticated alone.
                .addFilterBefore(new ScrapeTokenFilter(scrapeToken), BasicAuthenticationFilter.class)
                .addFilterBefore(new BearerTokenFilter(tokens, entryPoint), BasicAuthenticationFilter.class)
                .exceptionHandling(ex ->
                        ex.authenticationEntryPoint(entryPoint).accessDeniedHandler(problems.accessDeniedHandler()))
                .headers(
                        headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pageFilterChain(
            HttpSecurity http,
            AuthenticationManager authenticationManager,
            Users users,
            LocaleResolver locales,
            JsonMapper json,
            AccountUserDetailsService accounts,
            SsoProviders ssoProviders,
            SsoAccounts ssoAccounts)
            throws Exception {
        var success = new SavedRequestAwareAuthenticationSuccessHandler() {
            @Override
            public void onAuthenticationSuccess(
                    jakarta.servlet.http.HttpServletRequest request,
                    HttpServletResponse response,
                    org.springframework.security.core.Authentication authentication)
                    throws java.io.IOException, jakarta.servlet.ServletException {
                if (authentication.getPrincipal() instanceof AccountPrincipal principal) {
                    // A language the person chose before wins; without one, the sign-in page's stays.
                    String locale = users.get(principal.id()).locale();
                    if (locale != null) {
                        locales.setLocale(request, response, Locale.forLanguageTag(locale));
                    }
                }
                super.onAuthenticationSuccess(request, response, authentication);
            }
        };
        success.setDefaultTargetUrl("/");
        // Where an anonymous visitor was going is kept in a cookie, not in a session of their own.
        var requestCache = new CookieRequestCache();
        requestCache.setRequestMatcher(request -> "GET".equals(request.getMethod())
                && !SignedOutAnswers.HTMX.matches(request)
                && !"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))
                && !request.getRequestURI().contains("/favicon."));
        requestCache.setCookieCustomizer(cookie -> cookie.setAttribute("SameSite", "Lax"));
        success.setRequestCache(requestCache);
        var failure = new SimpleUrlAuthenticationFailureHandler("/login?error") {
            @Override
            public void onAuthenticationFailure(
                    jakarta.servlet.http.HttpServletRequest request,
                    HttpServletResponse response,
                    org.springframework.security.core.AuthenticationException exception)
                    throws java.io.IOException, jakarta.servlet.ServletException {
                if (exception instanceof org.springframework.security.authentication.LockedException) {
                    getRedirectStrategy().sendRedirect(request, response, "/login?locked");
                } else if (exception instanceof PasswordLoginOff.Refused) {
                    getRedirectStrategy().sendRedirect(request, response, "/login?password-off");
                } else {
                    super.onAuthenticationFailure(request, response, exception);
                }
            }
        };
        failure.setAllowSessionCreation(false);
        // The pages' scripts get 401 without a session (the page keeps its work); navigations the login page.
        var signedOut = new SignedOutAnswers(json);
        SecurityContextRepository contexts = new DelegatingSecurityContextRepository(
                new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());
        http.securityContext(context -> context.securityContextRepository(contexts));
        http.authenticationManager(authenticationManager);
        if (ssoProviders.registrations().isPresent()) {
            new SsoLogin(ssoAccounts, success, contexts)
                    .configure(http, ssoProviders.registrations().get(), authenticationManager);
        }
        http.authorizeHttpRequests(auth -> auth.requestMatchers(
                                "/login",
                                "/css/**",
                                "/js/**",
                                "/webjars/**",
                                "/favicon.ico",
                                "/favicon.svg",
                                "/error",
                                "/language")
                        .permitAll()
                        .requestMatchers("/admin/**")
                        .hasRole("ADMIN")
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.loginPage("/login")
                        .successHandler(success)
                        .failureHandler(failure)
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .exceptionHandling(ex -> ex.defaultAuthenticationEntryPointFor(signedOut.htmx(), SignedOutAnswers.HTMX)
                        .defaultAuthenticationEntryPointFor(signedOut.fetch(), SignedOutAnswers.FETCH)
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/login"), request -> true)
                        .accessDeniedHandler(signedOut.accessDeniedHandler(new AccessDeniedHandlerImpl())))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .httpBasic(basic -> basic.disable())
                // Anonymous requests create no session (see SessionOrCookieCsrfTokenRepository).
                .csrf(csrf -> csrf.csrfTokenRepository(new SessionOrCookieCsrfTokenRepository()))
                .requestCache(cache -> cache.requestCache(requestCache))
                // Rights come from the account as it is now, on every request (see CurrentAccountFilter).
                .addFilterAfter(new CurrentAccountFilter(accounts), SecurityContextHolderFilter.class);
        return http.build();
    }
}
