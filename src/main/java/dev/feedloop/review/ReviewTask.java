package dev.feedloop.review;

import dev.feedloop.ingest.CandidateView;
import dev.feedloop.ingest.ItemView;
import dev.feedloop.labeling.DemonstrationView;

/**
 * A demonstration waiting for review, with what the reviewer needs to judge it.
 *
 * @param basedOn the candidate the labeler started from, or {@code null}
 * @param pending how many demonstrations of the project wait for review, this one included
 */
public record ReviewTask(
        DemonstrationView demonstration, String authorName, ItemView item, CandidateView basedOn, int pending) {}
