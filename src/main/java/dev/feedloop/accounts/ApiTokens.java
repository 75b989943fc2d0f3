package dev.feedloop.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
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

    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiTokenRepository tokens;
    private final UserRepository users;
    private final JdbcClient jdbc;

    ApiTokens(ApiTokenRepository tokens, UserRepository users, JdbcClient jdbc) {
        this.tokens = tokens;
        this.users = users;
        this.jdbc = jdbc;
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
                .orElseThrow(() -> AccountException.tokenNotFound(tokenId));
        token.revoke();
    }

    /** The enabled user a live token belongs to; records when the token was last used. */
    @Transactional
    Optional<AccountPrincipal> authenticate(String token) {
        if (token == null || !token.startsWith("flp_") || token.length() != 4 + 8 + 1 + 32) {
            return Optional.empty();
        }
        String prefix = token.substring(0, 12);
        return tokens.findByPrefix(prefix)
                .filter(t -> !t.isRevoked())
                .filter(t -> MessageDigest.isEqual(
                        t.getSecretHash().getBytes(StandardCharsets.US_ASCII),
                        hash(token).getBytes(StandardCharsets.US_ASCII)))
                .flatMap(t -> {
                    markUsed(t.getId());
                    return users.findById(t.getUserId());
                })
                .filter(AppUser::isEnabled)
                .map(AppUser::toPrincipal)
                .map(p -> {
                    p.eraseCredentials();
                    return p;
                });
    }

    private void markUsed(long tokenId) {
        // At most one write a minute per token, whatever the request rate.
        Instant now = Instant.now();
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
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    private static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
