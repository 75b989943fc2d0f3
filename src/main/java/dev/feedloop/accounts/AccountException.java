package dev.feedloop.accounts;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A use case of this module refused a request. It renders as an RFC 9457 problem on the API; pages
 * show {@link #messageCode()} from the message bundle next to the field {@link #field()}.
 */
public class AccountException extends ErrorResponseException {

    private final String messageCode;
    private final String field;

    AccountException(HttpStatus status, String messageCode, String field, String detail) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
        this.messageCode = messageCode;
        this.field = field;
        if (field != null) {
            getBody().setProperty("errors", java.util.List.of(java.util.Map.of("field", field, "message", detail)));
        }
    }

    /** Key of the message to show on pages. */
    public String messageCode() {
        return messageCode;
    }

    /** The form field at fault, or {@code null}. */
    public String field() {
        return field;
    }

    static AccountException usernameTaken(String username) {
        return new AccountException(
                HttpStatus.CONFLICT, "users.error.taken", "username", "The username '" + username + "' is taken.");
    }

    static AccountException userNotFound(long id) {
        return new AccountException(HttpStatus.NOT_FOUND, "error.404.text", null, "No user with id " + id + ".");
    }

    static AccountException invalidUsername() {
        return new AccountException(
                HttpStatus.BAD_REQUEST,
                "users.error.username",
                "username",
                "A username is 2 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit.");
    }

    static AccountException passwordTooShort(int min) {
        return new AccountException(
                HttpStatus.BAD_REQUEST,
                "password.error.short",
                "password",
                "The password must have at least " + min + " characters.");
    }

    static AccountException passwordTooLong() {
        return new AccountException(
                HttpStatus.BAD_REQUEST, "password.error.long", "password", "The password must be at most 72 bytes.");
    }

    static AccountException wrongCurrentPassword() {
        return new AccountException(
                HttpStatus.BAD_REQUEST,
                "password.error.current",
                "currentPassword",
                "The current password is not correct.");
    }

    /** Too many wrong passwords for this account recently: the answer of a paused login. */
    static AccountException throttled() {
        return new AccountException(
                HttpStatus.TOO_MANY_REQUESTS,
                "login.locked",
                "currentPassword",
                "Too many failed attempts for this account; try again later.");
    }

    static AccountException lastAdmin() {
        return new AccountException(
                HttpStatus.CONFLICT,
                "users.error.lastAdmin",
                "admin",
                "This is the last enabled administrator; make someone else an administrator first.");
    }

    static AccountException tokenNotFound(long id) {
        return new AccountException(HttpStatus.NOT_FOUND, "error.404.text", null, "No API token with id " + id + ".");
    }
}
