package dev.feedloop.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.rendering.WordDiff.Change;
import dev.feedloop.rendering.WordDiff.Segment;
import org.junit.jupiter.api.Test;

class WordDiffTests {

    private final WordDiff diff = new WordDiff();

    @Test
    void changedWordIsOneRemovedAndOneAddedWord() {
        assertThat(diff.diff("The cat sat on the mat.", "The dog sat on the mat."))
                .containsExactly(
                        new Segment(Change.SAME, "The "),
                        new Segment(Change.REMOVED, "cat"),
                        new Segment(Change.ADDED, "dog"),
                        new Segment(Change.SAME, " sat on the mat."));
    }

    @Test
    void addedSentenceAtTheEndIsOneSegment() {
        assertThat(diff.diff("Hello.", "Hello. How are you?"))
                .containsExactly(new Segment(Change.SAME, "Hello."), new Segment(Change.ADDED, " How are you?"));
    }

    @Test
    void identicalTextsAreOneSameSegment() {
        assertThat(diff.diff("same\ntext", "same\ntext")).containsExactly(new Segment(Change.SAME, "same\ntext"));
    }

    @Test
    void emptyOrMissingTextsGiveOnlyAddedOrRemovedText() {
        assertThat(diff.diff(null, "new")).containsExactly(new Segment(Change.ADDED, "new"));
        assertThat(diff.diff("old", "")).containsExactly(new Segment(Change.REMOVED, "old"));
        assertThat(diff.diff("", "")).isEmpty();
    }

    @Test
    void markupIsKeptAsPlainTextForTheTemplateToEscape() {
        assertThat(diff.diff("a", "a <script>x</script>"))
                .extracting(Segment::text)
                .containsExactly("a", " <script>x</script>");
    }

    @Test
    void russianWordsAreWholeTokens() {
        assertThat(WordDiff.tokens("Привет, мир")).containsExactly("Привет", ",", " ", "мир");
    }
}
