package dev.feedloop.workqueue.api;

import dev.feedloop.workqueue.AnyKindSubmission;
import dev.feedloop.workqueue.RankSubmission;
import dev.feedloop.workqueue.Submission;
import dev.feedloop.workqueue.WorkQueueRefusals;
import dev.feedloop.workqueue.WriteSubmission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Reads a submit's JSON body into a typed {@link Submission}, read both as a write and as a rank
 * submit (the URL does not name the kind). A missing or malformed {@code leaseToken} and an {@code
 * activeSeconds} that is not a whole number are refused here; a kind's field of the wrong JSON type
 * is kept as {@code null} and marked, so the kind's rules report it with the others.
 */
public final class SubmitRequest {

    private SubmitRequest() {}

    /** The submit in {@code body}, the JSON of {@code POST /api/v1/tasks/{taskId}/submit}. */
    public static Submission read(JsonNode body) {
        JsonNode token = body == null ? null : body.get("leaseToken");
        UUID leaseToken = Submission.leaseToken(token != null && token.isString() ? token.asString() : null);
        Integer activeSeconds = activeSeconds(body.get("activeSeconds"));
        return new AnyKindSubmission(write(body, leaseToken, activeSeconds), rank(body, leaseToken, activeSeconds));
    }

    private static Integer activeSeconds(JsonNode value) {
        if (absent(value)) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw WorkQueueRefusals.invalidRequest("activeSeconds", "must be a whole number of seconds");
        }
        return value.intValue();
    }

    private static WriteSubmission write(JsonNode body, UUID leaseToken, Integer activeSeconds) {
        Set<String> mistyped = new HashSet<>();
        JsonNode content = body.get("content");
        JsonNode basedOn = body.get("basedOnCandidateId");
        String basedOnId = null;
        if (!absent(basedOn)) {
            if (basedOn.isString()) {
                basedOnId = basedOn.asString();
            } else {
                mistyped.add("basedOnCandidateId");
            }
        }
        return new WriteSubmission(
                leaseToken,
                activeSeconds,
                content != null && content.isString() ? content.asString() : null,
                basedOnId,
                wholeNumber(body, "pastedChars", mistyped),
                wholeNumber(body, "typedChars", mistyped),
                mistyped);
    }

    /** The whole number under {@code field}, or {@code null} when absent or (marked) of another type. */
    private static Integer wholeNumber(JsonNode body, String field, Set<String> mistyped) {
        JsonNode value = body.get(field);
        if (absent(value)) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        mistyped.add(field);
        return null;
    }

    private static RankSubmission rank(JsonNode body, UUID leaseToken, Integer activeSeconds) {
        Set<String> mistyped = new HashSet<>();
        Boolean none = null;
        JsonNode noneNode = body.get("noneAcceptable");
        if (!absent(noneNode)) {
            if (noneNode.isBoolean()) {
                none = noneNode.booleanValue();
            } else {
                mistyped.add("noneAcceptable");
            }
        }
        Integer strength = wholeNumber(body, "strength", mistyped);
        String rationale = null;
        JsonNode rationaleNode = body.get("rationale");
        if (!absent(rationaleNode)) {
            if (rationaleNode.isString()) {
                rationale = rationaleNode.asString();
            } else {
                mistyped.add("rationale");
            }
        }
        return new RankSubmission(
                leaseToken,
                activeSeconds,
                tiers(body.get("tiers"), mistyped),
                none,
                ratings(body.get("ratings"), mistyped),
                flags(body.get("flags"), mistyped),
                strength,
                rationale,
                mistyped);
    }

    private static List<List<String>> tiers(JsonNode node, Set<String> mistyped) {
        if (absent(node)) {
            return null;
        }
        if (!node.isArray()) {
            mistyped.add("tiers");
            return null;
        }
        List<List<String>> tiers = new ArrayList<>();
        for (JsonNode tierNode : node) {
            List<String> tier = new ArrayList<>();
            if (tierNode.isArray()) {
                for (JsonNode id : tierNode) {
                    tier.add(id.isString() ? id.asString() : null);
                }
            }
            tiers.add(tier);
        }
        return tiers;
    }

    private static Map<String, Map<String, Integer>> ratings(JsonNode node, Set<String> mistyped) {
        if (absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            mistyped.add("ratings");
            return null;
        }
        Map<String, Map<String, Integer>> ratings = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> candidate : node.properties()) {
            if (!candidate.getValue().isObject()) {
                ratings.put(candidate.getKey(), null);
                continue;
            }
            Map<String, Integer> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> rating : candidate.getValue().properties()) {
                JsonNode value = rating.getValue();
                if (value.isNull()) {
                    values.put(rating.getKey(), null);
                } else if (value.isIntegralNumber() && value.canConvertToInt()) {
                    values.put(rating.getKey(), value.intValue());
                } else {
                    values.put(rating.getKey(), null);
                    mistyped.add("ratings." + candidate.getKey() + "." + rating.getKey());
                }
            }
            ratings.put(candidate.getKey(), values);
        }
        return ratings;
    }

    private static Map<String, List<String>> flags(JsonNode node, Set<String> mistyped) {
        if (absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            mistyped.add("flags");
            return null;
        }
        Map<String, List<String>> flags = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> candidate : node.properties()) {
            if (!candidate.getValue().isArray()) {
                flags.put(candidate.getKey(), null);
                continue;
            }
            List<String> values = new ArrayList<>();
            for (JsonNode flag : candidate.getValue()) {
                values.add(flag.isString() ? flag.asString() : null);
            }
            flags.put(candidate.getKey(), values);
        }
        return flags;
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }
}
