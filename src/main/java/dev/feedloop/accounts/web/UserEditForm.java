package dev.feedloop.accounts.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The admin's form to edit a user's name and role. */
record UserEditForm(@NotBlank @Size(max = 100) String displayName, Boolean admin) {

    boolean isAdmin() {
        return Boolean.TRUE.equals(admin);
    }
}
