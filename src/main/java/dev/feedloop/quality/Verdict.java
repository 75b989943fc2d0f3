package dev.feedloop.quality;

/** One ranking's verdict on an ordered pair of candidates (first, second). */
public enum Verdict {
    FIRST_BETTER,
    TIE,
    SECOND_BETTER;

    /**
     * The verdict from the two candidates' tier positions (1 = best tier): the candidate in the
     * better (lower) tier is better; the same tier is a tie.
     */
    public static Verdict of(int firstPosition, int secondPosition) {
        return firstPosition < secondPosition ? FIRST_BETTER : firstPosition == secondPosition ? TIE : SECOND_BETTER;
    }

    /** The same verdict seen from the other side: first and second swapped. */
    public Verdict reversed() {
        return switch (this) {
            case FIRST_BETTER -> SECOND_BETTER;
            case TIE -> TIE;
            case SECOND_BETTER -> FIRST_BETTER;
        };
    }
}
