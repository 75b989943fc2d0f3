package dev.feedloop.projects;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A project use case refused a request; renders as a problem on the API and a status page on pages.
 * Pages show {@link #messageCode()} from the message bundle, next to {@link #field()} when set.
 */
public class ProjectException extends ErrorResponseException {

    private final String messageCode;
    private final String field;

    ProjectException(HttpStatus status, String messageCode, String detail) {
        this(status, messageCode, null, detail);
    }

    ProjectException(HttpStatus status, String messageCode, String field, String detail) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
        this.messageCode = messageCode;
        this.field = field;
        if (field != null) {
            getBody().setProperty("errors", List.of(Map.of("field", field, "message", detail)));
        }
    }

    public String messageCode() {
        return messageCode;
    }

    /** The form field at fault, or {@code null}. */
    public String field() {
        return field;
    }

    /** Unknown project, or one the person is not a member of: the two look the same. */
    static ProjectException notFound(String slug) {
        return new ProjectException(HttpStatus.NOT_FOUND, "error.404.text", "No project '" + slug + "'.");
    }

    static ProjectException missingRole(String slug, ProjectRole role) {
        return new ProjectException(
                HttpStatus.FORBIDDEN,
                "error.403.text",
                "You need the project role " + role + " in project '" + slug + "' for this.");
    }

    static ProjectException adminOnly() {
        return new ProjectException(HttpStatus.FORBIDDEN, "error.403.text", "Only administrators may change projects.");
    }

    static ProjectException invalid(String field, String messageCode, String detail) {
        return new ProjectException(HttpStatus.BAD_REQUEST, messageCode, field, detail);
    }

    static ProjectException slugTaken(String slug) {
        return new ProjectException(
                HttpStatus.CONFLICT, "projects.error.slugTaken", "slug", "The slug '" + slug + "' is taken.");
    }

    static ProjectException concurrentChange() {
        return new ProjectException(
                HttpStatus.CONFLICT,
                "error.409.text",
                "Someone changed this project at the same time; reload it and try again.");
    }

    static ProjectException userNotFound(String username) {
        return new ProjectException(
                HttpStatus.NOT_FOUND, "projects.error.noUser", "username", "No user '" + username + "'.");
    }

    static ProjectException memberNotFound(String username) {
        return new ProjectException(
                HttpStatus.NOT_FOUND, "error.404.text", "'" + username + "' is not a member of this project.");
    }

    static ProjectException guidelineVersionNotFound(int version) {
        return new ProjectException(HttpStatus.NOT_FOUND, "error.404.text", "No guidelines version " + version + ".");
    }
}
