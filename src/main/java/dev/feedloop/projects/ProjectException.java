package dev.feedloop.projects;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A project use case refused a request; renders as a problem on the API and a status page on pages. */
public class ProjectException extends ErrorResponseException {

    private final String messageCode;

    ProjectException(HttpStatus status, String messageCode, String detail) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
        this.messageCode = messageCode;
    }

    public String messageCode() {
        return messageCode;
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
}
