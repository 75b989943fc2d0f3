package dev.feedloop.feedback;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.TokenSecrets;
import dev.feedloop.audit.AuditAction;
import dev.feedloop.audit.AuditEntry;
import dev.feedloop.audit.AuditLog;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A project's intake tokens, made and revoked by administrators. A token reads {@code
 * flf_<prefix>_<secret>} (personal API tokens start with {@code flp_}); the prefix is stored in
 * clear to find the row, the whole token only as its SHA-256 hash ({@link TokenSecrets}). A token
 * can only post feedback to its project (see {@code FeedbackSecurity}).
 */
@Service
public class IntakeTokens {

    static final String PREFIX = "flf_";
    private static final int TOKEN_LENGTH = 4 + 8 + 1 + 32;

    private final JdbcClient jdbc;
    private final Projects projects;
    private final AuditLog audit;

    IntakeTokens(JdbcClient jdbc, Projects projects, AuditLog audit) {
        this.jdbc = jdbc;
        this.projects = projects;
        this.audit = audit;
    }

    @Transactional
    public CreatedIntakeToken create(String slug, String name, AccountPrincipal me) {
        ProjectSettings project = requireAdmin(slug, me);
        String label = name == null || name.isBlank() ? "intake" : name.strip();
        if (label.length() > 100) {
            label = label.substring(0, 100);
        }
        String prefix = PREFIX + TokenSecrets.random(8);
        String token = prefix + "_" + TokenSecrets.random(32);
        IntakeTokenView view = jdbc.sql("""
                        INSERT INTO feedback_token (project_id, name, prefix, secret_hash, created_by)
                        VALUES (:project, :name, :prefix, :hash, :user)
                        RETURNING id, name, prefix, created_at, last_used_at, revoked_at
                        """)
                .param("project", project.id())
                .param("name", label)
                .param("prefix", prefix)
                .param("hash", TokenSecrets.hash(token))
                .param("user", me.id())
                .query(IntakeTokens::view)
                .single();
        audit.record(tokenEntry(AuditAction.INTAKE_TOKEN_CREATED, me, project, view));
        return new CreatedIntakeToken(view, token);
    }

    /** The project's tokens, newest first, revoked ones included. */
    @Transactional(readOnly = true)
    public List<IntakeTokenView> list(String slug, AccountPrincipal me) {
        ProjectSettings project = requireAdmin(slug, me);
        return jdbc.sql("""
                        SELECT id, name, prefix, created_at, last_used_at, revoked_at
                        FROM feedback_token WHERE project_id = ? ORDER BY id DESC
                        """).param(project.id()).query(IntakeTokens::view).list();
    }

    /** Revokes one of the project's tokens at once; revoking twice is harmless. */
    @Transactional
    public IntakeTokenView revoke(String slug, long tokenId, AccountPrincipal me) {
        ProjectSettings project = requireAdmin(slug, me);
        IntakeTokenView revoked = jdbc.sql("""
                        UPDATE feedback_token SET revoked_at = coalesce(revoked_at, now())
                        WHERE id = ? AND project_id = ?
                        RETURNING id, name, prefix, created_at, last_used_at, revoked_at
                        """)
                .params(tokenId, project.id())
                .query(IntakeTokens::view)
                .optional()
                .orElseThrow(() -> FeedbackRefusals.tokenNotFound(tokenId));
        audit.record(tokenEntry(AuditAction.INTAKE_TOKEN_REVOKED, me, project, revoked));
        return revoked;
    }

    private static AuditEntry tokenEntry(
            String action, AccountPrincipal me, ProjectSettings project, IntakeTokenView token) {
        return AuditEntry.of(action)
                .by(me.id(), me.getUsername())
                .project(project.id())
                .target("intake-token:" + token.id())
                .with("tokenId", token.id())
                .with("name", token.name());
    }

    /**
     * The live token {@code token} is, with its project; records when it was last used (at most
     * once a minute). Empty for anything else.
     */
    Optional<IntakeToken> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() != TOKEN_LENGTH) {
            return Optional.empty();
        }
        record Row(IntakeToken token, String hash, Instant lastUsed) {}
        Optional<Row> row = jdbc.sql("""
                        SELECT t.id, t.prefix, t.project_id, p.slug, t.secret_hash, t.last_used_at
                        FROM feedback_token t JOIN project p ON p.id = t.project_id
                        WHERE t.prefix = ? AND t.revoked_at IS NULL
                        """)
                .param(token.substring(0, 12))
                .query((rs, n) -> new Row(
                        new IntakeToken(
                                rs.getLong("id"),
                                rs.getString("prefix"),
                                rs.getLong("project_id"),
                                rs.getString("slug")),
                        rs.getString("secret_hash"),
                        instant(rs, "last_used_at")))
                .optional()
                .filter(r -> TokenSecrets.sameHash(r.hash(), TokenSecrets.hash(token)));
        Instant now = Instant.now();
        row.filter(r -> r.lastUsed() == null || r.lastUsed().isBefore(now.minusSeconds(60)))
                .ifPresent(r -> jdbc.sql("""
                                UPDATE feedback_token SET last_used_at = :now
                                WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :stale)
                                """)
                        .param("now", Timestamp.from(now))
                        .param("id", r.token().tokenId())
                        .param("stale", Timestamp.from(now.minusSeconds(60)))
                        .update());
        return row.map(Row::token);
    }

    private ProjectSettings requireAdmin(String slug, AccountPrincipal me) {
        ProjectSettings project = projects.requireVisible(slug, me);
        if (!me.admin()) {
            throw FeedbackRefusals.adminOnly();
        }
        return project;
    }

    private static IntakeTokenView view(ResultSet rs, int row) throws SQLException {
        return new IntakeTokenView(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("prefix"),
                instant(rs, "created_at"),
                instant(rs, "last_used_at"),
                instant(rs, "revoked_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
