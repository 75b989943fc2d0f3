package dev.feedloop.projects;

import dev.feedloop.problems.Refusal;
import org.springframework.http.HttpStatus;

/** The refusals of the project use cases. */
final class ProjectRefusals {

    private ProjectRefusals() {}

    /** Unknown project, or one the person is not a member of: the two look the same. */
    static Refusal notFound(String slug) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text", "No project '" + slug + "'.");
    }

    static Refusal missingRole(String slug, ProjectRole role) {
        return Refusal.of(
                HttpStatus.FORBIDDEN,
                "error.403.text",
                "You need the project role " + role + " in project '" + slug + "' for this.");
    }

    static Refusal adminOnly() {
        return Refusal.of(HttpStatus.FORBIDDEN, "error.403.text", "Only administrators may change projects.");
    }

    static Refusal invalid(String field, String messageCode, String detail) {
        return Refusal.of(HttpStatus.BAD_REQUEST, messageCode, detail).field(field);
    }

    static Refusal slugTaken(String slug) {
        return Refusal.of(HttpStatus.CONFLICT, "projects.error.slugTaken", "The slug '" + slug + "' is taken.")
                .field("slug");
    }

    static Refusal concurrentChange() {
        return Refusal.of(
                HttpStatus.CONFLICT,
                "error.409.text",
                "Someone changed this project at the same time; reload it and try again.");
    }

    static Refusal userNotFound(String username) {
        return Refusal.of(HttpStatus.NOT_FOUND, "projects.error.noUser", "No user '" + username + "'.")
                .field("username");
    }

    static Refusal memberNotFound(String username) {
        return Refusal.of(
                HttpStatus.NOT_FOUND, "error.404.text", "'" + username + "' is not a member of this project.");
    }

    static Refusal guidelineVersionNotFound(int version) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text", "No guidelines version " + version + ".");
    }
}
