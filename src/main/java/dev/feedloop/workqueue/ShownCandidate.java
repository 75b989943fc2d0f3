package dev.feedloop.workqueue;

/**
 * A candidate as the person taking a task sees it.
 *
 * @param id the candidate's id given at import (its external id)
 * @param model the model's name, or {@code null} when the project hides model names
 */
public record ShownCandidate(String id, String content, String model) {}
