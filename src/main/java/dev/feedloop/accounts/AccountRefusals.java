package dev.feedloop.accounts;

import dev.feedloop.problems.Refusal;
import org.springframework.http.HttpStatus;

/** The refusals of the account use cases. */
final class AccountRefusals {

    private AccountRefusals() {}

    static Refusal usernameTaken(String username) {
        return Refusal.of(HttpStatus.CONFLICT, "users.error.taken")
                .detail("users.error.taken.detail", username)
                .field("username");
    }

    static Refusal userNotFound(long id) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text").detail("users.error.notFound.detail", id);
    }

    static Refusal invalidUsername() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "users.error.username").field("username");
    }

    static Refusal passwordTooShort(int min) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "password.error.short", min).field("password");
    }

    static Refusal passwordTooLong() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "password.error.long").field("password");
    }

    static Refusal wrongCurrentPassword() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "password.error.current").field("currentPassword");
    }

    /** Too many wrong passwords for this account recently: the answer of a paused login. */
    static Refusal throttled(long minutes) {
        return Refusal.of(HttpStatus.TOO_MANY_REQUESTS, "login.locked", minutes)
                .detail("login.locked.detail")
                .field("currentPassword");
    }

    static Refusal lastAdmin() {
        return Refusal.of(HttpStatus.CONFLICT, "users.error.lastAdmin").field("admin");
    }

    static Refusal tokenNotFound(long id) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text").detail("users.error.tokenNotFound.detail", id);
    }
}
