package dev.feedloop.audit;

import org.jspecify.annotations.Nullable;

/**
 * Who did it: a user (id and username) or the server itself ({@link #system()}, id {@code null}).
 *
 * @param id the user's id; {@code null} for the server or an unknown name (a failed sign-in)
 * @param name the username as typed or stored, or {@code system}
 */
public record AuditActor(@Nullable Long id, String name) {

    /** The name of the server's own actions. */
    public static final String SYSTEM = "system";

    public AuditActor {
        name = name == null || name.isBlank() ? SYSTEM : name.strip();
        if (name.length() > 200) {
            name = name.substring(0, 200);
        }
    }

    public static AuditActor user(long id, String username) {
        return new AuditActor(id, username);
    }

    /** A name that signed in or failed to, with no account behind it known. */
    public static AuditActor named(String name) {
        return new AuditActor(null, name);
    }

    public static AuditActor system() {
        return new AuditActor(null, SYSTEM);
    }
}
