package dev.feedloop.generation;

import java.util.List;

/**
 * A judge run: its progress as a run (units are items × 2 orders; {@code samples} is 2), the
 * instructions it sends, whether it judges only human-ranked items, and its failed units when asked
 * for one run.
 */
public record JudgeRunView(RunView run, String prompt, boolean humanRankedOnly, List<RunFailure> failures) {}
