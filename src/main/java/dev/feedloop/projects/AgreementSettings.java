package dev.feedloop.projects;

/**
 * How a project acts on disagreement between annotators, and what counts as a hasty judgment.
 *
 * @param thresholdPercent an item whose pairwise agreement (with ties, over all its rankings) is
 *     below this percentage needs more judgments; 0 turns this off
 * @param maxExtraRankings rank slots an item may get automatically beyond the ordinary ones
 * @param quickSeconds a judgment with less active time than this many seconds counts as quick; 0
 *     turns this off
 */
public record AgreementSettings(int thresholdPercent, int maxExtraRankings, int quickSeconds) {

    /** Off, at most 2 extra rankings, quick below 5 seconds. */
    public static final AgreementSettings DEFAULT = new AgreementSettings(0, 2, 5);

    /** Whether items below the threshold get extra rankings and can need adjudication. */
    public boolean on() {
        return thresholdPercent > 0;
    }

    /** Whether judgments are checked for being quick. */
    public boolean quickOn() {
        return quickSeconds > 0;
    }
}
