package dev.feedloop.web;

import dev.feedloop.problems.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.ExceptionHandlerExceptionResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * Problem details for what {@link ApiProblems} never sees under {@code /api/**}: requests no
 * controller answers (404, 405 with {@code Allow}, 406, 415 before a handler is chosen) and
 * exceptions nobody expected, which answer 500 with a generic detail and are logged once, with the
 * stack trace, here. Details are resolved from the message bundle in English ({@link
 * Refusal#DETAIL_LOCALE}), as {@link ApiProblems} does. It runs right after the {@code @ExceptionHandler} methods, before Spring's
 * default resolvers would send a bare error status; pages are left to those.
 */
final class ApiErrorResolver implements HandlerExceptionResolver {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorResolver.class);

    private final JsonMapper json;
    private final MessageSource messages;

    ApiErrorResolver(JsonMapper json, MessageSource messages) {
        this.json = json;
        this.messages = messages;
    }

    @Override
    public ModelAndView resolveException(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (!StorableTextFilter.isApi(request) || ex instanceof AsyncRequestNotUsableException) {
            return null;
        }
        ProblemDetail problem;
        if (ex instanceof ErrorResponse error) {
            ProblemDetail body = error.updateAndGetBody(messages, Refusal.DETAIL_LOCALE);
            problem = ProblemDetail.forStatus(error.getStatusCode());
            problem.setTitle(body.getTitle());
            problem.setDetail(body.getDetail());
            if (body.getProperties() != null) {
                body.getProperties().forEach(problem::setProperty);
            }
            error.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            if (error.getStatusCode().is5xxServerError()) {
                log.error("{} {} failed", request.getMethod(), request.getRequestURI(), ex);
            }
        } else {
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), ex);
            problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.INTERNAL_SERVER_ERROR,
                    "The server could not answer this request; the error has been logged.");
        }
        problem.setInstance(URI.create(request.getRequestURI()));
        if (response.isCommitted()) {
            return new ModelAndView();
        }
        try {
            response.setStatus(problem.getStatus());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
        } catch (IOException | RuntimeException e) {
            log.debug("Could not write the problem for {}", request.getRequestURI(), e);
        }
        return new ModelAndView();
    }

    /** Puts the resolver right after the {@code @ExceptionHandler} one. */
    @Configuration(proxyBeanMethods = false)
    static class Registration implements WebMvcConfigurer {
        private final JsonMapper json;
        private final MessageSource messages;

        Registration(JsonMapper json, MessageSource messages) {
            this.json = json;
            this.messages = messages;
        }

        @Override
        public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
            int index = 0;
            for (int i = 0; i < resolvers.size(); i++) {
                if (resolvers.get(i) instanceof ExceptionHandlerExceptionResolver) {
                    index = i + 1;
                }
            }
            resolvers.add(index, new ApiErrorResolver(json, messages));
        }
    }
}
