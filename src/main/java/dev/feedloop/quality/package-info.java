/**
 * Which judgments to trust. Each person's own ledger: the history page listing their
 * demonstrations with review outcomes and reviewers' comments, and their rankings ({@link
 * dev.feedloop.quality.History}), read from the judgment and review tables with read-only SQL (see
 * docs/architecture.md). And the statistics of rankings, pure computations on plain inputs (tiers as
 * lists of candidate ids): verdicts on candidate pairs, pairwise agreement with bootstrap intervals,
 * Krippendorff's alpha, Kendall's W and tau-b, Wilson intervals, and a Bradley–Terry model
 * leaderboard from the same rankings; docs/quality.md defines every measure with a worked example.
 * {@link dev.feedloop.quality.QualityReports} computes them from a project's stored rankings, as true
 * at an instant, for administrators and the project's reviewers (REST in {@code quality.api}).
 * Acting on disagreement: {@link dev.feedloop.quality.Disagreements} asks the work queue for extra
 * rankings of items below the project's agreement threshold, and {@link
 * dev.feedloop.quality.Adjudications} lets reviewers decide the items that still disagree.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Quality",
        allowedDependencies = {
            "accounts",
            "projects",
            "ingest",
            "workqueue",
            "ranking",
            "review",
            "generation",
            "rendering",
            "problems"
        })
package dev.feedloop.quality;
