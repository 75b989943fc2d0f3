package dev.feedloop.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScrapeTokenTests {

    @Test
    void withoutATokenNothingMatches() {
        for (String unset : new String[] {null, "", "   "}) {
            ScrapeToken token = new ScrapeToken(new MetricsProperties(unset, Duration.ofSeconds(5)));
            assertThat(token.configured()).isFalse();
            assertThat(token.matches("")).isFalse();
            assertThat(token.matches("   ")).isFalse();
            assertThat(token.matches(null)).isFalse();
        }
    }

    @Test
    void matchesOnlyTheWholeToken() {
        ScrapeToken token = new ScrapeToken(new MetricsProperties("s3cret-token", Duration.ofSeconds(5)));
        assertThat(token.configured()).isTrue();
        assertThat(token.matches("s3cret-token")).isTrue();
        assertThat(token.matches("s3cret-toke")).isFalse();
        assertThat(token.matches("s3cret-token2")).isFalse();
        assertThat(token.matches("S3CRET-TOKEN")).isFalse();
        assertThat(token.matches(null)).isFalse();
    }
}
