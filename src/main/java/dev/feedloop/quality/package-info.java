/**
 * Which judgments to trust: the statistics of rankings. Verdicts on candidate pairs, pairwise
 * agreement with bootstrap intervals, Krippendorff's alpha, Kendall's W and tau-b, Wilson intervals,
 * and a Bradley–Terry model leaderboard from the same rankings. The classes here are pure
 * computations on plain inputs (tiers as lists of candidate ids); docs/quality.md defines every
 * measure with a worked example.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Quality")
package dev.feedloop.quality;
