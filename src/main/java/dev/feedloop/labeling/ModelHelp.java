package dev.feedloop.labeling;

import java.util.Optional;

/**
 * What models did for a writer's answer: the draft it started from and the newest critique before
 * it was submitted (for the review page), or, for an open task, so far.
 */
public record ModelHelp(Optional<ModelDraft> startedFrom, Optional<Critique> critique) {

    public static final ModelHelp NONE = new ModelHelp(Optional.empty(), Optional.empty());

    public boolean any() {
        return startedFrom.isPresent() || critique.isPresent();
    }
}
