package dev.feedloop.ingest;

import java.util.List;

/** An item with its candidates in the order they were imported. */
public record ItemWithCandidates(ItemView item, List<CandidateView> candidates) {

    public ItemWithCandidates {
        candidates = List.copyOf(candidates);
    }
}
