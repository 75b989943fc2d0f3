/**
 * Projects: labeling campaigns with their settings, versioned guidelines and members with project
 * roles. {@link dev.feedloop.projects.Projects} is the API other modules use to find a project and
 * check what a person may do in it.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Projects",
        allowedDependencies = {"accounts", "rendering", "problems", "audit"})
package dev.feedloop.projects;
