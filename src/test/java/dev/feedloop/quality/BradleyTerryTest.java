package dev.feedloop.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BradleyTerryTest {

    /**
     * Wikipedia, "Bradley–Terry model", worked example: four teams, 22 games, wins in the rows. The
     * iteration converges to p = [0.640, 1.043, 0.660, 2.270] (normalised to geometric mean 1, which
     * is our mean log-strength of 0). In ratings, 1000 + 400·log10(p) = [922.42715, 1007.36608,
     * 927.76761, 1142.43916] (the converged iteration, computed with numpy; the ridge moves them by
     * less than 0.001).
     */
    @Test
    void matchesWikipediasWorkedExample() {
        double[][] wins = {
            {0, 2, 0, 1},
            {3, 0, 5, 0},
            {0, 3, 0, 1},
            {4, 0, 3, 0},
        };

        double[] p = Arrays.stream(BradleyTerry.strengths(wins)).map(Math::exp).toArray();
        double[] ratings = BradleyTerry.ratings(wins);

        assertThat(p[0]).isCloseTo(0.640, within(5e-4));
        assertThat(p[1]).isCloseTo(1.043, within(5e-4));
        assertThat(p[2]).isCloseTo(0.660, within(5e-4));
        assertThat(p[3]).isCloseTo(2.270, within(5e-4));
        assertThat(ratings).containsExactly(new double[] {922.42715, 1007.36608, 927.76761, 1142.43916}, within(1e-3));
        assertThat(Arrays.stream(ratings).average().orElseThrow()).isCloseTo(1000, within(1e-9));
    }

    /*
     * Ties as half wins give FastChat's compute_mle_elo ratings. Battles: A beat B 3 times, B beat A
     * once, 2 ties; B beat C twice, C beat B once, 1 tie; A beat C twice, C beat A once. FastChat's
     * rows (decisive battles weight 2, each tie one win each way, X = ±ln 10, no intercept, no
     * penalty), minimised with scipy and centred on 1000: A 1087.60144, B 986.69840, C 925.70015.
     */
    @Test
    void tiesCountHalfAsInFastChat() {
        double[][] wins = {
            {0, 3 + 1, 2},
            {1 + 1, 0, 2 + 0.5},
            {1, 1 + 0.5, 0},
        };

        assertThat(BradleyTerry.ratings(wins))
                .containsExactly(new double[] {1087.60144, 986.69840, 925.70015}, within(1e-4));
    }

    @Test
    void aModelThatNeverLostStaysFiniteAndOnTop() {
        double[][] wins = {
            {0, 5, 0},
            {0, 0, 3},
            {0, 2, 0},
        };

        double[] ratings = BradleyTerry.ratings(wins);

        assertThat(Arrays.stream(ratings).allMatch(Double::isFinite)).isTrue();
        assertThat(ratings[0]).isGreaterThan(ratings[1] + 1000);
        assertThat(Arrays.stream(ratings).average().orElseThrow()).isCloseTo(1000, within(1e-6));
    }

    @Test
    void aModelWithoutBattlesHasNoRatingAndDoesNotCountTowardTheMean() {
        double[][] wins = {
            {0, 1, 0},
            {1, 0, 0},
            {0, 0, 0},
        };

        double[] ratings = BradleyTerry.ratings(wins);

        assertThat(ratings[0]).isCloseTo(1000, within(1e-9));
        assertThat(ratings[1]).isCloseTo(1000, within(1e-9));
        assertThat(ratings[2]).isNaN();
    }
}
