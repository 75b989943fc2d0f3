package dev.feedloop.generation;

/**
 * A judge run stored a new machine judgment of an item; published in the transaction that stores it.
 */
public record MachineJudgmentRecorded(long projectId, long itemId, long judgmentId) {}
