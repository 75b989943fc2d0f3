package dev.feedloop.labeling.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the write page shows; every {@code html} field is output of the safe markdown renderer. */
final class WritePage {

    private WritePage() {}

    /** One turn of the conversation. */
    record Turn(String role, String html) {}

    /** A candidate to start from: {@code id} is its id given at import, {@code content} the raw markdown. */
    record Candidate(String letter, String id, String model, String html, String content) {}

    /**
     * A fix task's report: the rating (the thumb's word or the score), the user's comment and tags,
     * the bad reply as a candidate to start from, and the word diff of the draft against it.
     */
    record Fix(
            String thumb,
            java.math.BigDecimal score,
            String comment,
            List<String> tags,
            Candidate reply,
            List<dev.feedloop.rendering.WordDiff.Segment> diff) {}

    /** The guidelines shown with the task (version 0: none written yet). */
    record Guidelines(int version, String html) {}

    /** The lease the page works under. */
    record Lease(long taskId, UUID token, Instant expiresAt) {}

    /**
     * The saved draft, or an empty one (version 0: none saved yet); the page goes on counting from
     * {@code pastedChars} and {@code typedChars}.
     */
    record Draft(
            String content,
            String basedOnCandidateId,
            String basedOnLetter,
            long version,
            Instant updatedAt,
            int pastedChars,
            int typedChars) {

        static final Draft NONE = new Draft("", null, null, 0, null, 0, 0);
    }

    /** A, B, C, … for the candidates in the order shown. */
    static String letter(int index) {
        return index < 26 ? String.valueOf((char) ('A' + index)) : String.valueOf(index + 1);
    }

    static List<String> skipReasons() {
        return List.of(
                "unclear_prompt", "needs_expertise", "harmful_content", "broken_item", "conflict_of_interest", "other");
    }
}
