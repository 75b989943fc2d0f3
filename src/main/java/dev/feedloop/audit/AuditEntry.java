package dev.feedloop.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One thing to record: an action (a stable dotted code of {@link AuditAction}), by whom, in which
 * project, on what, with a few details. Details are names and numbers that say what changed, never
 * a secret: a token's id and name, not its value; "api key changed", not the key.
 *
 * @param actor who did it; {@code null} to take the signed-in person of the current request (or
 *     {@link AuditActor#system()} when there is none)
 * @param action the action's code, such as {@code token.created}
 * @param projectId the project it happened in, or {@code null} for site-wide actions
 * @param target what it was done to, such as {@code user:alice} or {@code endpoint:7}
 * @param details small facts as JSON (strings, numbers, booleans, lists of them)
 */
public record AuditEntry(
        @Nullable AuditActor actor,
        String action,
        @Nullable Long projectId,
        @Nullable String target,
        Map<String, Object> details) {

    public AuditEntry {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** An entry for {@code action} by the signed-in person of the current request. */
    public static AuditEntry of(String action) {
        return new AuditEntry(null, action, null, null, Map.of());
    }

    public AuditEntry by(AuditActor who) {
        return new AuditEntry(who, action, projectId, target, details);
    }

    public AuditEntry by(long userId, String username) {
        return by(AuditActor.user(userId, username));
    }

    public AuditEntry project(@Nullable Long id) {
        return new AuditEntry(actor, action, id, target, details);
    }

    public AuditEntry target(@Nullable String what) {
        return new AuditEntry(actor, action, projectId, what, details);
    }

    /** Adds one detail; a {@code null} value is left out. */
    public AuditEntry with(String key, @Nullable Object value) {
        if (value == null) {
            return this;
        }
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(key, value);
        return new AuditEntry(actor, action, projectId, target, more);
    }
}
