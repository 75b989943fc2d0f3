/**
 * The database the server runs on: an embedded PostgreSQL started in-process when no {@code
 * spring.datasource.url} is configured, so that a fresh checkout runs with nothing but a JDK.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Database",
        allowedDependencies = {})
package dev.feedloop.database;
