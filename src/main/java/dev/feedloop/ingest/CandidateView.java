package dev.feedloop.ingest;

/** A model answer to an item; {@code externalId} is the id given at import. */
public record CandidateView(long id, String externalId, String model, String content) {}
