package dev.feedloop.accounts;

import dev.feedloop.problems.Refusal;
import org.springframework.http.HttpStatus;

/** The refusals of the account use cases. */
final class AccountRefusals {

    private AccountRefusals() {}

    static Refusal usernameTaken(String username) {
        return Refusal.of(HttpStatus.CONFLICT, "users.error.taken", "The username '" + username + "' is taken.")
                .field("username");
    }

    static Refusal userNotFound(long id) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text", "No user with id " + id + ".");
    }

    static Refusal invalidUsername() {
        return Refusal.of(
                        HttpStatus.BAD_REQUEST,
                        "users.error.username",
                        "A username is 2 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit.")
                .field("username");
    }

    static Refusal passwordTooShort(int min) {
        return Refusal.of(
                        HttpStatus.BAD_REQUEST,
                        "password.error.short",
                        "The password must have at least " + min + " characters.",
                        min)
                .field("password");
    }

    static Refusal passwordTooLong() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "password.error.long", "The password must be at most 72 bytes.")
                .field("password");
    }

    static Refusal wrongCurrentPassword() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "password.error.current", "The current password is not correct.")
                .field("currentPassword");
    }

    /** Too many wrong passwords for this account recently: the answer of a paused login. */
    static Refusal throttled(long minutes) {
        return Refusal.of(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "login.locked",
                        "Too many failed attempts for this account; try again later.",
                        minutes)
                .field("currentPassword");
    }

    static Refusal lastAdmin() {
        return Refusal.of(
                        HttpStatus.CONFLICT,
                        "users.error.lastAdmin",
                        "This is the last enabled administrator; make someone else an administrator first.")
                .field("admin");
    }

    static Refusal tokenNotFound(long id) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text", "No API token with id " + id + ".");
    }
}
