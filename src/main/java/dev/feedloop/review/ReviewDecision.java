package dev.feedloop.review;

/** What a reviewer decided about a demonstration. */
public enum ReviewDecision {
    /** The demonstration is good as it is. */
    APPROVED,
    /** The demonstration is not usable; its task went back to the queue for another labeler. */
    REJECTED,
    /** The reviewer corrected it: their version is a new demonstration that revises this one. */
    EDITED
}
