package dev.feedloop.accounts;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The account of an OpenID Connect sign-in: found by its stored link to the issuer and subject,
 * or on first use by username (then linked), or created when self-sign-up is on; refused with
 * {@link SsoSignInRefused} otherwise. The admin mapping, when configured, is applied at every
 * sign-in.
 */
@Service
public class SsoAccounts {

    private static final int MAX_DISPLAY_NAME = 100;

    private final UserRepository users;
    private final JdbcClient jdbc;
    private final PasswordEncoder passwordEncoder;
    private final AccountsProperties.Sso sso;
    private final SecureRandom random = new SecureRandom();

    SsoAccounts(UserRepository users, JdbcClient jdbc, PasswordEncoder passwordEncoder, AccountsProperties properties) {
        this.users = users;
        this.jdbc = jdbc;
        this.passwordEncoder = passwordEncoder;
        this.sso = properties.sso();
    }

    /** The OpenID Connect issuers the account signs in with, oldest link first (none for most accounts). */
    @Transactional(readOnly = true)
    public List<String> linkedIssuers(long userId) {
        return jdbc.sql("SELECT issuer FROM app_user_identity WHERE user_id = ? ORDER BY created_at, issuer")
                .param(userId)
                .query(String.class)
                .list();
    }

    /**
     * Signs in the person {@code subject} of {@code issuer} with these ID token (and user info)
     * claims; writes nothing when refused.
     *
     * @return the account, without password hash
     * @throws SsoSignInRefused when the person may not sign in
     */
    @Transactional
    AccountPrincipal signIn(String issuer, String subject, Map<String, Object> claims) {
        if (!sso.allowedEmailDomains().isEmpty() && !inAllowedDomain(claims)) {
            throw new SsoSignInRefused(SsoSignInRefused.Reason.DOMAIN);
        }
        // Two first sign-ins of one person (two tabs, a double click) take turns: the second finds
        // the link the first made instead of failing on it.
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(? || ' ' || ?, 0))")
                .params(issuer, subject)
                .query((rs, n) -> 1)
                .list();
        Optional<Long> linked = jdbc.sql("SELECT user_id FROM app_user_identity WHERE issuer = ? AND subject = ?")
                .params(issuer, subject)
                .query(Long.class)
                .optional();
        AppUser user;
        if (linked.isPresent()) {
            user = users.findById(linked.get()).orElseThrow();
        } else {
            user = firstSignIn(issuer, claims);
            jdbc.sql("INSERT INTO app_user_identity (user_id, issuer, subject) VALUES (?, ?, ?)")
                    .params(user.getId(), issuer, subject)
                    .update();
        }
        if (!user.isEnabled()) {
            throw new SsoSignInRefused(SsoSignInRefused.Reason.DISABLED);
        }
        if (sso.adminClaim() != null) {
            boolean admin = values(claims.get(sso.adminClaim())).anyMatch(sso.adminValues()::contains);
            if (admin != user.isAdmin()) {
                user.changeAdmin(admin);
            }
        }
        jdbc.sql("UPDATE app_user_identity SET last_sign_in_at = now() WHERE issuer = ? AND subject = ?")
                .params(issuer, subject)
                .update();
        return new AccountPrincipal(
                user.getId(), user.getUsername(), user.getDisplayName(), user.isAdmin(), true, null);
    }

    private AppUser firstSignIn(String issuer, Map<String, Object> claims) {
        String username = username(claims);
        Optional<AppUser> existing = users.findByUsernameKey(Users.usernameKey(username));
        if (existing.isPresent()) {
            boolean linkedElsewhere = jdbc.sql(
                            "SELECT count(*) > 0 FROM app_user_identity WHERE user_id = ? AND issuer = ?")
                    .params(existing.get().getId(), issuer)
                    .query(Boolean.class)
                    .single();
            if (linkedElsewhere) {
                throw new SsoSignInRefused(SsoSignInRefused.Reason.LINKED);
            }
            return existing.get();
        }
        if (!sso.selfSignUp()) {
            throw new SsoSignInRefused(SsoSignInRefused.Reason.SIGN_UP);
        }
        // Nobody knows this password: the account signs in through its identity provider only.
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String unusable = passwordEncoder.encode(Base64.getEncoder().encodeToString(secret));
        return users.saveAndFlush(new AppUser(username, displayName(claims, username), unusable, false, null));
    }

    /** The username claim, or else the verified email address with {@code @} written as {@code _}. */
    private String username(Map<String, Object> claims) {
        String claimed = text(claims.get(sso.usernameClaim()));
        if (claimed == null && verifiedEmail(claims) != null) {
            claimed = verifiedEmail(claims).replace('@', '_');
        }
        if (claimed == null || !Users.USERNAME.matcher(claimed).matches()) {
            throw new SsoSignInRefused(SsoSignInRefused.Reason.USERNAME);
        }
        return claimed;
    }

    private boolean inAllowedDomain(Map<String, Object> claims) {
        String email = verifiedEmail(claims);
        if (email == null) {
            return false;
        }
        String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return sso.allowedEmailDomains().contains(domain);
    }

    /** The {@code email} claim when {@code email_verified} is true and it has a domain; else null. */
    private static String verifiedEmail(Map<String, Object> claims) {
        Object verified = claims.get("email_verified");
        String email = text(claims.get("email"));
        boolean isVerified = Boolean.TRUE.equals(verified) || "true".equals(verified);
        return isVerified && email != null && email.indexOf('@') > 0 && !email.endsWith("@") ? email : null;
    }

    private static String displayName(Map<String, Object> claims, String username) {
        String name = text(claims.get("name"));
        if (name == null) {
            return username;
        }
        return name.length() > MAX_DISPLAY_NAME
                ? name.substring(0, MAX_DISPLAY_NAME).strip()
                : name;
    }

    private static Stream<String> values(Object claim) {
        if (claim instanceof Collection<?> many) {
            return many.stream().map(String::valueOf);
        }
        return claim == null ? Stream.empty() : Stream.of(String.valueOf(claim));
    }

    private static String text(Object claim) {
        return claim instanceof String s && !s.isBlank() ? s.strip() : null;
    }
}
