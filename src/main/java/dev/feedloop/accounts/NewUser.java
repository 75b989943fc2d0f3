package dev.feedloop.accounts;

/** What it takes to create a user. */
public record NewUser(String username, String password, String displayName, boolean admin) {}
