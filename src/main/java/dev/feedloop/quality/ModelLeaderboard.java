package dev.feedloop.quality;

import java.time.Instant;
import java.util.List;

/**
 * The model leaderboard of a project's rankings submitted up to {@code asOf} in a slice, as {@link
 * Leaderboard#of} computes it.
 *
 * @param rankings rankings counted (one per annotator and item: the newest), with or without battles
 * @param models by rating, best first
 * @param winRates {@code winRates[i][j]}: share of decided battles between models i and j (in the order
 *     of {@code models}) that i won; NaN without any and on the diagonal
 * @param battles {@code battles[i][j]}: battles between models i and j, ties included
 * @param positionBias win rate by displayed position
 */
public record ModelLeaderboard(
        Instant asOf,
        LeaderboardSlice slice,
        long rankings,
        List<Leaderboard.ModelRating> models,
        double[][] winRates,
        long[][] battles,
        List<Leaderboard.PositionRate> positionBias) {

    public ModelLeaderboard {
        models = List.copyOf(models);
        positionBias = List.copyOf(positionBias);
    }

    ModelLeaderboard at(Instant instant) {
        return new ModelLeaderboard(instant, slice, rankings, models, winRates, battles, positionBias);
    }
}
