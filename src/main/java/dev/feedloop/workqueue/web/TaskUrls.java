package dev.feedloop.workqueue.web;

import dev.feedloop.workqueue.WorkQueue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Page URLs that name a project and a task ({@code /projects/{slug}/…/{taskId}…}, whichever module's
 * page) answer 404 unless the task is one of that project's, before the handler runs. The REST API
 * names tasks by id alone and is not concerned.
 */
@Configuration(proxyBeanMethods = false)
class TaskUrls implements WebMvcConfigurer, HandlerInterceptor {

    private final WorkQueue queue;

    TaskUrls(WorkQueue queue) {
        this.queue = queue;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/projects/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod
                && request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> path
                && path.get("slug") instanceof String slug
                && path.get("taskId") instanceof String taskId
                && taskId.matches("\\d{1,18}")) {
            queue.requireInProject(slug, Long.parseLong(taskId));
        }
        return true;
    }
}
