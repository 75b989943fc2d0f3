package dev.feedloop.projects;

/**
 * How a project uses gold items (items with a known answer) to measure annotators.
 *
 * @param rate one in {@code rate} of the tasks a person gets is a gold task while they have gold
 *     items they have not judged; 0 hands out none
 * @param minimumJudgments gold judgments a person makes (since they were last reinstated) before
 *     their accuracy can pause them
 * @param thresholdPercent a gold accuracy below this percentage pauses a person
 */
public record GoldSettings(int rate, int minimumJudgments, int thresholdPercent) {

    /** 1 in 20, after 10 judgments, below 70 %. */
    public static final GoldSettings DEFAULT = new GoldSettings(20, 10, 70);

    /** Whether the queue hands out gold tasks. */
    public boolean on() {
        return rate > 0;
    }
}
