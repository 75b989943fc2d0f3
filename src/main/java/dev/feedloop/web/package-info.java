/**
 * The page shell: layout, home page, language resolution, error pages and the problem-details
 * answers shared by every REST controller. May use any other module; it declares the ones it uses.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Web",
        allowedDependencies = {"accounts", "database", "projects", "ingest", "problems"})
package dev.feedloop.web;
