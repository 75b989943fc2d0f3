/**
 * Import of prompts and model answers: parsing and validating JSON Lines, CSV, OpenAssistant and
 * ShareGPT uploads, and writing items and candidates in batches, all or nothing.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Ingest",
        allowedDependencies = {"accounts", "projects", "jobs", "problems"})
package dev.feedloop.ingest;
