package dev.feedloop.generation;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a generation run makes.
 *
 * @param endpointIds the endpoints that answer (one or more)
 * @param items {@link RunItems#ALL} or {@link RunItems#FEWER_THAN} (items with fewer than {@code
 *     fewerThan} candidates when the run starts)
 * @param fewerThan for {@code FEWER_THAN}: 1 to 1000
 * @param metadata only items whose metadata contains these keys with these values (empty: any)
 * @param samples answers per item and endpoint, 1 to 20
 * @param seed sent as {@code seed + sample - 1} with each request when given
 */
public record RunRequest(
        List<Long> endpointIds,
        RunItems items,
        @Nullable Integer fewerThan,
        Map<String, String> metadata,
        int samples,
        @Nullable Long seed) {

    /** Which of the project's items a run answers. */
    public enum RunItems {
        ALL,
        FEWER_THAN
    }
}
