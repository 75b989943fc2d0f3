package dev.feedloop.workqueue;

import dev.feedloop.workqueue.api.SubmitRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Rank submits for tests: a claimed task's candidates in a given order of their import ids. */
public final class RankSubmits {

    private RankSubmits() {}

    /** The submit of {@code task} with the candidates in the order of {@code importIds}, best first. */
    public static Submission inOrder(JsonMapper json, ClaimedTask task, List<String> importIds) {
        Map<String, String> names = new HashMap<>();
        task.candidates().forEach(c -> names.put(c.importId(), c.id()));
        List<List<String>> tiers =
                importIds.stream().map(id -> List.of(names.get(id))).toList();
        return SubmitRequest.read(
                json.valueToTree(Map.of("leaseToken", task.leaseToken().toString(), "tiers", tiers)));
    }
}
