package dev.feedloop.feedback;

/**
 * Who posts with a project intake token: the token and the one project it may post feedback to.
 * The principal of requests authenticated with {@code Authorization: Bearer flf_…}; {@code prefix}
 * is the token's public part.
 */
public record IntakeToken(long tokenId, String prefix, long projectId, String projectSlug) {}
