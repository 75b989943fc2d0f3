package dev.feedloop.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Cohen's kappa against the worked examples of the Wikipedia article "Cohen's kappa". */
class CohensKappaTest {

    @Test
    void theArticlesFiftyGrantProposalsGiveZeroPointFour() {
        // A and B both yes 20, A yes B no 5, A no B yes 10, both no 15: po 0.7, pe 0.5
        assertThat(CohensKappa.of(new long[][] {{20, 5}, {10, 15}})).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void theSameAgreementWithOtherMarginsGivesTheArticlesOtherKappas() {
        // both 60 % agreement: "similar observed agreement, different kappa"
        assertThat(CohensKappa.of(new long[][] {{45, 15}, {25, 15}})).isCloseTo(0.1304, within(1e-4));
        assertThat(CohensKappa.of(new long[][] {{25, 35}, {5, 35}})).isCloseTo(0.2593, within(1e-4));
    }

    @Test
    void threeCategoriesAndTheUndefinedCases() {
        assertThat(CohensKappa.of(new long[][] {{5, 0, 0}, {0, 3, 0}, {0, 0, 2}}))
                .isEqualTo(1.0);
        // po 0.5; pe = 0.5·0.5 + 0.5·0.5 = 0.5: no better than chance
        assertThat(CohensKappa.of(new long[][] {{1, 1, 0}, {1, 1, 0}, {0, 0, 0}}))
                .isCloseTo(0.0, within(1e-12));
        assertThat(CohensKappa.of(new long[3][3])).isNaN();
        assertThat(CohensKappa.of(new long[][] {{4, 0, 0}, {0, 0, 0}, {0, 0, 0}}))
                .as("both raters always chose the same category: chance agreement is certain")
                .isNaN();
    }
}
