/**
 * The one way a use case refuses a request: {@link dev.feedloop.problems.Refusal}, a status with a
 * message code (and arguments) for pages, a detail for API clients from the message bundle (in
 * English), and optional field errors. Every module may use it.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Problems",
        type = org.springframework.modulith.ApplicationModule.Type.OPEN,
        allowedDependencies = {})
package dev.feedloop.problems;
