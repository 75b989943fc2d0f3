package dev.feedloop.projects;

import dev.feedloop.problems.Refusal;
import org.springframework.http.HttpStatus;

/** The refusals of the project use cases. */
final class ProjectRefusals {

    private ProjectRefusals() {}

    /** Unknown project, or one the person is not a member of: the two look the same. */
    static Refusal notFound(String slug) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text").detail("projects.error.notFound.detail", slug);
    }

    static Refusal missingRole(String slug, ProjectRole role) {
        return Refusal.of(HttpStatus.FORBIDDEN, "error.403.text")
                .detail("projects.error.missingRole.detail", role, slug);
    }

    static Refusal adminOnly() {
        return Refusal.of(HttpStatus.FORBIDDEN, "error.403.text").detail("projects.error.adminOnly.detail");
    }

    /**
     * A field of a project, member or guidelines is invalid: the page shows {@code messageCode}, API
     * clients read {@code <messageCode>.detail} (or the same message) with {@code detailArguments}.
     */
    static Refusal invalid(String field, String messageCode, Object... detailArguments) {
        return Refusal.of(HttpStatus.BAD_REQUEST, messageCode, detailArguments).field(field);
    }

    static Refusal slugTaken(String slug) {
        return Refusal.of(HttpStatus.CONFLICT, "projects.error.slugTaken")
                .detail("projects.error.slugTaken.detail", slug)
                .field("slug");
    }

    static Refusal concurrentChange() {
        return Refusal.of(HttpStatus.CONFLICT, "error.409.text").detail("projects.error.concurrentChange.detail");
    }

    static Refusal userNotFound(String username) {
        return Refusal.of(HttpStatus.NOT_FOUND, "projects.error.noUser")
                .detail("projects.error.noUser.detail", username)
                .field("username");
    }

    static Refusal memberNotFound(String username) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text").detail("projects.error.notMember.detail", username);
    }

    static Refusal guidelineVersionNotFound(int version) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text")
                .detail("projects.error.noGuidelinesVersion.detail", version);
    }

    static Refusal unknownRound(String name) {
        return Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "projects.error.unknownRound", name)
                .detail("projects.error.unknownRound.detail", name)
                .field("round");
    }

    static Refusal roundNotFound(String name) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text").detail("projects.error.noRound.detail", name);
    }

    static Refusal roundNameTaken(String name) {
        return Refusal.of(HttpStatus.CONFLICT, "projects.error.roundNameTaken", name)
                .detail("projects.error.roundNameTaken.detail", name)
                .field("name");
    }

    /** The window overlaps {@code other}'s: 409 naming it and its window. */
    static Refusal roundOverlap(Round other) {
        String ends = other.endsAt() == null ? "open" : other.endsAt().toString();
        return Refusal.of(
                        HttpStatus.CONFLICT,
                        "projects.error.roundOverlap",
                        other.name(),
                        other.startsAt().toString(),
                        ends)
                .detail(
                        "projects.error.roundOverlap.detail",
                        other.name(),
                        other.startsAt().toString(),
                        ends)
                .field("startsAt");
    }

    static Refusal roundNotRunning(String name) {
        return Refusal.of(HttpStatus.CONFLICT, "projects.error.roundNotRunning", name)
                .detail("projects.error.roundNotRunning.detail", name);
    }
}
