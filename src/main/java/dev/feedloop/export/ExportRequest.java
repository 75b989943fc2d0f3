package dev.feedloop.export;

import dev.feedloop.projects.Round;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A checked export request: what to select and how to write it. Written into every snapshot's
 * manifest as its {@code parameters}.
 *
 * @param asOf judgments submitted and reviews made up to this instant are selected
 * @param annotators whose judgments count: everyone's or only trusted people's
 * @param judges preferences: whether machine judgments come beside people's
 * @param omitMargin {@code trl}: no line has {@code margin} (else every line has one)
 * @param lastTurnWeights SFT {@code messages}: assistant messages carry {@code weight}, 1 only on the final reply
 * @param round only items created in this round's window; {@code null} for every item
 */
public record ExportRequest(
        ExportFormat format,
        ReviewFilter review,
        Aggregation aggregation,
        SplitSelection split,
        double testRatio,
        String seed,
        boolean includeLate,
        int minAnnotators,
        Instant asOf,
        AnnotatorPolicy annotators,
        JudgePolicy judges,
        boolean omitMargin,
        boolean lastTurnWeights,
        Round round) {

    /** The same request limited to the items of {@code round}. */
    public ExportRequest withRound(Round round) {
        return new ExportRequest(
                format,
                review,
                aggregation,
                split,
                testRatio,
                seed,
                includeLate,
                minAnnotators,
                asOf,
                annotators,
                judges,
                omitMargin,
                lastTurnWeights,
                round);
    }

    public ExportKind kind() {
        return format.kind();
    }

    /** The same request for another part of the split. */
    public ExportRequest withSplit(SplitSelection part) {
        return new ExportRequest(
                format,
                review,
                aggregation,
                part,
                testRatio,
                seed,
                includeLate,
                minAnnotators,
                asOf,
                annotators,
                judges,
                omitMargin,
                lastTurnWeights,
                round);
    }

    /** The parameters as the manifest and the REST API name them. */
    public Map<String, Object> describe() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kind", kind().key());
        map.put("format", format.key());
        if (kind() != ExportKind.PREFERENCES) {
            map.put("review", review.key());
            if (lastTurnWeights) {
                map.put("weights", "last");
            }
        } else {
            map.put("aggregation", aggregation.key());
            map.put("minAnnotators", minAnnotators);
            map.put("judges", judges.key());
            if (omitMargin) {
                map.put("margin", "omit");
            }
        }
        map.put("split", split.key());
        map.put("testRatio", testRatio);
        map.put("seed", seed);
        map.put("late", includeLate ? "include" : "exclude");
        map.put("annotators", annotators.key());
        map.put("asOf", asOf.toString());
        if (round != null) {
            map.put("round", round.name());
        }
        return map;
    }

    /** Whether machine judgments come beside people's (preferences with {@code judges=include}). */
    public boolean withJudges() {
        return kind() == ExportKind.PREFERENCES && judges == JudgePolicy.INCLUDE;
    }

    /** Query string that repeats this request (without {@code asOf}, so it always exports the latest). */
    public String queryString() {
        StringBuilder query = new StringBuilder("format=").append(format.key());
        if (kind() != ExportKind.PREFERENCES) {
            query.append("&review=").append(review.key());
            if (lastTurnWeights) {
                query.append("&weights=last");
            }
        } else {
            query.append("&aggregation=").append(aggregation.key());
            query.append("&minAnnotators=").append(minAnnotators);
            query.append("&judges=").append(judges.key());
            if (omitMargin) {
                query.append("&margin=omit");
            }
        }
        query.append("&split=").append(split.key());
        query.append("&testRatio=").append(testRatio);
        query.append("&seed=").append(seed);
        query.append("&late=").append(includeLate ? "include" : "exclude");
        query.append("&annotators=").append(annotators.key());
        if (round != null) {
            query.append("&round=").append(round.name());
        }
        return query.toString();
    }
}
