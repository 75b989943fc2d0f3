package dev.feedloop.audit;

import java.util.List;

/**
 * The actions the log records, as stable dotted codes (they are stored and filtered on, so a code
 * never changes meaning). Each has a label {@code audit.action.<code>} in the message bundles.
 */
public final class AuditAction {

    public static final String SIGNED_IN = "user.signed_in";
    public static final String SIGN_IN_FAILED = "user.sign_in_failed";
    public static final String SIGNED_OUT = "user.signed_out";
    public static final String USER_CREATED = "user.created";
    public static final String USER_CHANGED = "user.changed";
    public static final String USER_ENABLED = "user.enabled";
    public static final String USER_DISABLED = "user.disabled";
    public static final String PASSWORD_RESET = "user.password_reset";
    public static final String PASSWORD_CHANGED = "user.password_changed";
    public static final String TOKEN_CREATED = "token.created";
    public static final String TOKEN_REVOKED = "token.revoked";
    public static final String PROJECT_CREATED = "project.created";
    public static final String PROJECT_SETTINGS_CHANGED = "project.settings_changed";
    public static final String GUIDELINES_PUBLISHED = "guidelines.published";
    public static final String MEMBER_ROLE_CHANGED = "member.role_changed";
    public static final String MEMBER_REMOVED = "member.removed";
    public static final String MEMBER_PAUSED = "member.paused";
    public static final String MEMBER_REINSTATED = "member.reinstated";
    public static final String EXPORT_DOWNLOADED = "export.downloaded";
    public static final String SNAPSHOT_DOWNLOADED = "snapshot.downloaded";
    public static final String ENDPOINT_CREATED = "endpoint.created";
    public static final String ENDPOINT_CHANGED = "endpoint.changed";
    public static final String ENDPOINT_DELETED = "endpoint.deleted";
    public static final String INTAKE_TOKEN_CREATED = "intake_token.created";
    public static final String INTAKE_TOKEN_REVOKED = "intake_token.revoked";
    public static final String ROUND_CREATED = "round.created";
    public static final String ROUND_CHANGED = "round.changed";
    public static final String ROUND_DELETED = "round.deleted";
    public static final String WEBHOOK_CREATED = "webhook.created";
    public static final String WEBHOOK_CHANGED = "webhook.changed";
    public static final String WEBHOOK_DELETED = "webhook.deleted";

    /** Every code, in the order the admin page's filter lists them. */
    public static final List<String> ALL = List.of(
            SIGNED_IN,
            SIGN_IN_FAILED,
            SIGNED_OUT,
            USER_CREATED,
            USER_CHANGED,
            USER_ENABLED,
            USER_DISABLED,
            PASSWORD_RESET,
            PASSWORD_CHANGED,
            TOKEN_CREATED,
            TOKEN_REVOKED,
            PROJECT_CREATED,
            PROJECT_SETTINGS_CHANGED,
            GUIDELINES_PUBLISHED,
            MEMBER_ROLE_CHANGED,
            MEMBER_REMOVED,
            MEMBER_PAUSED,
            MEMBER_REINSTATED,
            EXPORT_DOWNLOADED,
            SNAPSHOT_DOWNLOADED,
            ENDPOINT_CREATED,
            ENDPOINT_CHANGED,
            ENDPOINT_DELETED,
            INTAKE_TOKEN_CREATED,
            INTAKE_TOKEN_REVOKED,
            ROUND_CREATED,
            ROUND_CHANGED,
            ROUND_DELETED,
            WEBHOOK_CREATED,
            WEBHOOK_CHANGED,
            WEBHOOK_DELETED);

    private AuditAction() {}
}
