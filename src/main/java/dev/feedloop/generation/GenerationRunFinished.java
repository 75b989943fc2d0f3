package dev.feedloop.generation;

/**
 * A generation or judge run finished: it was running and none of its units is pending or running
 * any more (a cancelled run does not finish). Published in the transaction that marks it FINISHED,
 * once per finish: a run whose failed units are tried again finishes, and publishes this, again.
 *
 * @param kind {@code GENERATE} or {@code JUDGE}
 */
public record GenerationRunFinished(long projectId, long runId, String kind, int done, int failed) {}
