package dev.feedloop.generation.web;

import dev.feedloop.generation.JudgeRunRequest;
import org.jspecify.annotations.Nullable;

/**
 * The form that starts a judge run, as typed: the endpoint id stays text so that a refused form
 * shows back what was chosen; a blank prompt means the project's judge prompt.
 */
record JudgeRunForm(
        @Nullable String endpointId,
        @Nullable Boolean humanRankedOnly,
        @Nullable String prompt) {

    /**
     * A new form: the given judge chosen (null: none), only human-ranked items when the project has
     * human rankings (else a first run would judge nothing), the project's judge prompt.
     */
    static JudgeRunForm empty(@Nullable String endpointId, boolean humanRankings, String projectPrompt) {
        return new JudgeRunForm(endpointId, humanRankings, projectPrompt);
    }

    public boolean chosen(long id) {
        return endpointId != null && endpointId.strip().equals(String.valueOf(id));
    }

    public boolean humanOnly() {
        return Boolean.TRUE.equals(humanRankedOnly);
    }

    /** The judge run to start. An endpoint id that is not a number names no endpoint. */
    JudgeRunRequest toRequest() {
        Long id = null;
        if (endpointId != null && !endpointId.isBlank()) {
            id = endpointId.strip().matches("\\d{1,18}") ? Long.parseLong(endpointId.strip()) : -1L;
        }
        return new JudgeRunRequest(id, prompt, humanOnly());
    }
}
