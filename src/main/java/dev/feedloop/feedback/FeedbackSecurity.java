package dev.feedloop.feedback;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The filter chain of requests that carry a project intake token ({@code Authorization: Bearer
 * flf_…}), before the API's and the pages' chains: such a request may only {@code POST} feedback
 * ({@code /api/v1/projects/{slug}/feedback} and {@code …/feedback/batch}) to the token's own
 * project. A token that is unknown or revoked gets 401, any other route or project 403, both as
 * problem JSON; pages included.
 */
@Configuration(proxyBeanMethods = false)
class FeedbackSecurity {

    static final RequestMatcher INTAKE_TOKEN = request -> {
        String header = request.getHeader("Authorization");
        return header != null
                && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && header.substring(7).strip().startsWith(IntakeTokens.PREFIX);
    };

    @Bean
    @Order(0)
    SecurityFilterChain intakeTokenFilterChain(HttpSecurity http, IntakeTokens tokens, JsonMapper json)
            throws Exception {
        var problems = new Problems(json);
        http.securityMatcher(INTAKE_TOKEN)
                .authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(
                                HttpMethod.POST,
                                "/api/v1/projects/{slug}/feedback",
                                "/api/v1/projects/{slug}/feedback/batch")
                        .access((authentication, context) -> new AuthorizationDecision(ownProject(
                                authentication.get(), context.getVariables().get("slug"))))
                        .anyRequest()
                        .denyAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> anonymous.disable())
                .addFilterBefore(new IntakeTokenFilter(tokens, problems), AnonymousAuthenticationFilter.class)
                .exceptionHandling(ex -> ex.authenticationEntryPoint(
                                (request, response, e) -> problems.write(request, response, HttpStatus.UNAUTHORIZED))
                        .accessDeniedHandler(
                                (request, response, e) -> problems.write(request, response, HttpStatus.FORBIDDEN)));
        return http.build();
    }

    private static boolean ownProject(Authentication authentication, String slug) {
        return authentication != null
                && authentication.getPrincipal() instanceof IntakeToken token
                && token.projectSlug().equals(slug);
    }

    /** 401 and 403 as {@code application/problem+json}. */
    static final class Problems {

        private final JsonMapper json;

        Problems(JsonMapper json) {
            this.json = json;
        }

        void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status) throws IOException {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    status,
                    status == HttpStatus.UNAUTHORIZED
                            ? "The intake token is unknown or revoked."
                            : "An intake token may only post feedback to its own project.");
            problem.setInstance(URI.create(request.getRequestURI()));
            problem.setProperty("code", status == HttpStatus.UNAUTHORIZED ? "invalid-intake-token" : "intake-only");
            if (status == HttpStatus.UNAUTHORIZED) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"feedloop\"");
            }
            response.setStatus(status.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
        }
    }

    /** Authenticates the intake token; an unknown or revoked one is answered 401 at once. */
    static final class IntakeTokenFilter extends OncePerRequestFilter {

        private final IntakeTokens tokens;
        private final Problems problems;

        IntakeTokenFilter(IntakeTokens tokens, Problems problems) {
            this.tokens = tokens;
            this.problems = problems;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            var token = tokens.authenticate(
                    request.getHeader("Authorization").substring(7).strip());
            if (token.isEmpty()) {
                SecurityContextHolder.clearContext();
                problems.write(request, response, HttpStatus.UNAUTHORIZED);
                return;
            }
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                    token.get(), null, List.of(new SimpleGrantedAuthority("FEEDBACK_INTAKE"))));
            SecurityContextHolder.setContext(context);
            try {
                chain.doFilter(request, response);
            } finally {
                SecurityContextHolder.clearContext();
            }
        }
    }
}
