package dev.feedloop.projects;

/** What a member may do in a project. A member may hold several roles. */
public enum ProjectRole {
    /** Writes ideal answers (demonstrations). */
    LABELER,
    /** Ranks model answers. */
    ANNOTATOR,
    /** Approves or rejects demonstrations. */
    REVIEWER
}
