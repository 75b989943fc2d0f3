package dev.feedloop.accounts;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 answers of the API chain, as {@code application/problem+json}. */
final class ProblemResponses {

    private final JsonMapper json;

    ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    AuthenticationEntryPoint entryPoint() {
        return (request, response, exception) -> {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"feedloop\", Basic realm=\"feedloop\"");
            write(
                    response,
                    HttpStatus.UNAUTHORIZED,
                    exception instanceof org.springframework.security.authentication.LockedException
                            ? "Too many failed logins for this username; try again later."
                            : "Authentication required: send 'Authorization: Bearer <token>' or HTTP Basic credentials.",
                    request.getRequestURI());
        };
    }

    AccessDeniedHandler accessDeniedHandler() {
        return (request, response, AccessDeniedException) -> write(
                response,
                HttpStatus.FORBIDDEN,
                "You do not have permission for this request.",
                request.getRequestURI());
    }

    private void write(HttpServletResponse response, HttpStatus status, String detail, String path) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(java.net.URI.create(path));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
