package dev.feedloop.accounts.web;

/** Change of one's own password. */
record PasswordForm(String currentPassword, String newPassword, String confirmPassword) {

    static PasswordForm empty() {
        return new PasswordForm("", "", "");
    }
}
