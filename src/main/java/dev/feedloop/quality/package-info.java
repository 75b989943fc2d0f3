/**
 * The quality of people's work: for now each person's own ledger, the history page listing their
 * demonstrations with review outcomes and reviewers' comments, and their rankings ({@link
 * dev.feedloop.quality.History}). Reads the judgment and review tables with read-only SQL: see
 * docs/architecture.md.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Quality",
        allowedDependencies = {"accounts", "review", "rendering"})
package dev.feedloop.quality;
