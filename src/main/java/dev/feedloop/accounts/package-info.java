/**
 * Accounts: users and their passwords, login and lockout, personal API tokens, and the two
 * security filter chains (form login for pages, stateless Basic/Bearer for {@code /api/**}).
 *
 * <p>Other modules identify the signed-in person through {@link dev.feedloop.accounts.AccountPrincipal}
 * and look people up through {@link dev.feedloop.accounts.Users}.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Accounts",
        allowedDependencies = {"database", "problems", "metrics", "audit"})
package dev.feedloop.accounts;
