package dev.feedloop.accounts;

import dev.feedloop.audit.AuditAction;
import dev.feedloop.audit.AuditEntry;
import dev.feedloop.audit.AuditLog;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal API tokens. A token reads {@code flp_<prefix>_<secret>}: the prefix is stored in clear
 * to find the row and to show in lists, the whole token only as a SHA-256 hash (the secret has 190
 * random bits, so a slow password hash adds nothing but latency on every request).
 */
@Service
public class ApiTokens {

    private final ApiTokenRepository tokens;
    private final JdbcClient jdbc;
    private final AuditLog audit;

    ApiTokens(ApiTokenRepository tokens, JdbcClient jdbc, AuditLog audit) {
        this.tokens = tokens;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Transactional
    public CreatedApiToken create(long userId, String name) {
        String label = name == null || name.isBlank() ? "token" : name.strip();
        if (label.length() > 100) {
            label = label.substring(0, 100);
        }
        String prefix = "flp_" + random(8);
        String token = prefix + "_" + random(32);
        ApiToken saved = tokens.saveAndFlush(new ApiToken(userId, label, prefix, hash(token)));
        audit.record(AuditEntry.of(AuditAction.TOKEN_CREATED)
                .target("token:" + saved.getId())
                .with("tokenId", saved.getId())
                .with("name", label)
                .with("ownerId", userId));
        return new CreatedApiToken(saved.toView(), token);
    }

    @Transactional(readOnly = true)
    public List<ApiTokenView> list(long userId) {
        return tokens.findByUserIdOrderByCreatedAtDesc(userId).stream()
                .map(ApiToken::toView)
                .toList();
    }

    /** Revokes one of the user's own tokens; another user's token is reported as not found. */
    @Transactional
    public void revoke(long userId, long tokenId) {
        ApiToken token = tokens.findById(tokenId)
                .filter(t -> t.getUserId() == userId)
                .orElseThrow(() -> AccountRefusals.tokenNotFound(tokenId));
        token.revoke();
        audit.record(AuditEntry.of(AuditAction.TOKEN_REVOKED)
                .target("token:" + tokenId)
                .with("tokenId", tokenId)
                .with("name", token.toView().name())
                .with("ownerId", userId));
    }

    /**
     * The enabled user a live token belongs to, with their project roles; records when the token was last used. One query on
     * the hot path of every API call, and a write at most once a minute per token.
     */
    Optional<AccountPrincipal> authenticate(String token) {
        if (token == null || !token.startsWith("flp_") || token.length() != 4 + 8 + 1 + 32) {
            return Optional.empty();
        }
        String prefix = token.substring(0, 12);
        Instant now = Instant.now();
        Optional<TokenOwner> owner = jdbc.sql("""
                        SELECT t.id AS token_id, t.secret_hash, t.last_used_at,
                               u.id, u.username, u.display_name, u.admin,
                        """ + AccountPrincipal.MEMBERSHIPS_COLUMN + """
                        FROM api_token t JOIN app_user u ON u.id = t.user_id
                        WHERE t.prefix = ? AND t.revoked_at IS NULL AND u.enabled
                        """)
                .param(prefix)
                .query((rs, n) -> new TokenOwner(
                        rs.getLong("token_id"),
                        rs.getString("secret_hash"),
                        rs.getTimestamp("last_used_at") == null
                                ? null
                                : rs.getTimestamp("last_used_at").toInstant(),
                        new AccountPrincipal(
                                rs.getLong("id"),
                                rs.getString("username"),
                                rs.getString("display_name"),
                                rs.getBoolean("admin"),
                                true,
                                null,
                                AccountPrincipal.parseMemberships(rs.getString("memberships")))))
                .optional()
                .filter(o -> TokenSecrets.sameHash(o.secretHash(), hash(token)));
        owner.filter(o -> o.lastUsedAt() == null || o.lastUsedAt().isBefore(now.minusSeconds(60)))
                .ifPresent(o -> markUsed(o.tokenId(), now));
        return owner.map(TokenOwner::principal);
    }

    private record TokenOwner(long tokenId, String secretHash, Instant lastUsedAt, AccountPrincipal principal) {}

    private void markUsed(long tokenId, Instant now) {
        // Several servers may race here; the condition keeps it to one write a minute per token.
        jdbc.sql("""
                        UPDATE api_token SET last_used_at = :now
                        WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :stale)
                        """)
                .param("now", Timestamp.from(now))
                .param("id", tokenId)
                .param("stale", Timestamp.from(now.minusSeconds(60)))
                .update();
    }

    private static String random(int length) {
        return TokenSecrets.random(length);
    }

    private static String hash(String token) {
        return TokenSecrets.hash(token);
    }
}
