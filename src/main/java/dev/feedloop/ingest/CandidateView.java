package dev.feedloop.ingest;

/**
 * A model answer to an item.
 *
 * @param id database id
 * @param externalId the id given in the import, unique within the item
 * @param model the model's name, or {@code null} when the import did not say
 * @param content the answer, untrusted markdown
 */
public record CandidateView(long id, String externalId, String model, String content) {}
