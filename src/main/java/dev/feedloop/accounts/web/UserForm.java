package dev.feedloop.accounts.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The admin's form to create a user. */
record UserForm(
        @NotBlank @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$", message = "{users.error.username}")
        String username,

        @Size(max = 100) String displayName,
        @NotBlank String password,
        Boolean admin) {

    boolean isAdmin() {
        return Boolean.TRUE.equals(admin);
    }

    static UserForm empty() {
        return new UserForm("", "", "", false);
    }
}
