package dev.feedloop.ranking.web;

import java.time.Instant;
import java.util.UUID;

/** What the rank page shows; every {@code html} field is output of the safe markdown renderer. */
final class RankPage {

    private RankPage() {}

    /** One turn of the conversation. */
    record Turn(String role, String html) {}

    /**
     * A candidate card: {@code id} is the name the page sends back (its id given at import, or its
     * letter when the project hides model names); the model only when the project shows it.
     */
    record Candidate(String letter, String id, String model, String html) {}

    /** A rating dimension with its label in the page's language. */
    record Dimension(String name, String label, int min, int max) {}

    /** A flag with its label in the page's language. */
    record Flag(String name, String label) {}

    /** The guidelines shown with the task (version 0: none written yet). */
    record Guidelines(int version, String html) {}

    /** The lease the page works under. */
    record Lease(long taskId, UUID token, Instant expiresAt) {}

    static String letter(int index) {
        return dev.feedloop.workqueue.ShownCandidate.label(index);
    }
}
