package dev.feedloop.quality;

import dev.feedloop.projects.GoldSettings;
import java.util.List;

/**
 * How a project's people do on its gold items up to an instant: how many gold items there are, how
 * many gold judgments were made, everyone's gold accuracy pooled, who is paused and who is close to
 * the pausing threshold.
 *
 * @param settings the project's gold rate, minimum and threshold
 * @param goldItems the project's items with a gold answer now
 * @param overall every gold judgment of the project against the current gold answers, pooled
 * @param paused members paused now (for gold or by hand), by username
 * @param close members not paused with gold judgments since their last reinstatement whose accuracy
 *     is below the threshold plus {@link #CLOSE_MARGIN} percentage points (those below it have fewer
 *     than the minimum of judgments yet), lowest accuracy first
 */
public record GoldStatus(
        GoldSettings settings,
        long goldItems,
        GoldAccuracy overall,
        List<QualityLedger.Entry> paused,
        List<QualityLedger.Entry> close) {

    /** Percentage points above the threshold within which a member counts as close to it. */
    public static final int CLOSE_MARGIN = 10;

    public GoldStatus {
        paused = List.copyOf(paused);
        close = List.copyOf(close);
    }
}
