package dev.feedloop.accounts;

import dev.feedloop.audit.AuditAction;
import dev.feedloop.audit.AuditEntry;
import dev.feedloop.audit.AuditLog;
import dev.feedloop.problems.Refusal;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Use cases on user accounts. Callers check that the acting person may do them (admin pages). */
@Service
public class Users {

    /** Languages the pages are translated into. */
    public static final Set<String> LOCALES = Set.of("en", "ru");

    static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$");
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final int MAX_TYPED_USERNAME = 200;

    private final UserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final AccountsProperties properties;
    private final FindByIndexNameSessionRepository<? extends Session> sessions;
    private final LoginThrottle throttle;
    private final AuditLog audit;

    Users(
            UserRepository users,
            PasswordEncoder passwordEncoder,
            AccountsProperties properties,
            FindByIndexNameSessionRepository<? extends Session> sessions,
            LoginThrottle throttle,
            AuditLog audit) {
        this.audit = audit;
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.properties = properties;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    @Transactional
    public UserView create(NewUser user) {
        String username = user.username() == null ? "" : user.username().strip();
        if (!USERNAME.matcher(username).matches()) {
            throw AccountRefusals.invalidUsername();
        }
        checkPassword(user.password());
        if (users.findByUsernameKey(usernameKey(username)).isPresent()) {
            throw AccountRefusals.usernameTaken(username);
        }
        String displayName = user.displayName() == null || user.displayName().isBlank()
                ? username
                : user.displayName().strip();
        try {
            AppUser created = users.saveAndFlush(
                    new AppUser(username, displayName, passwordEncoder.encode(user.password()), user.admin(), null));
            audit.record(AuditEntry.of(AuditAction.USER_CREATED)
                    .target(target(created))
                    .with("admin", created.isAdmin()));
            return created.toView();
        } catch (DataIntegrityViolationException e) {
            throw AccountRefusals.usernameTaken(username);
        }
    }

    @Transactional(readOnly = true)
    public List<UserView> list() {
        return users.findAllOrdered().stream().map(AppUser::toView).toList();
    }

    @Transactional(readOnly = true)
    public UserView get(long id) {
        return load(id).toView();
    }

    @Transactional(readOnly = true)
    public Optional<UserView> findByUsername(String username) {
        return users.findByUsernameKey(usernameKey(username)).map(AppUser::toView);
    }

    @Transactional(readOnly = true)
    public long count() {
        return users.count();
    }

    /** Changes name and admin flag; the last enabled admin cannot lose the flag. */
    @Transactional
    public UserView update(long id, String displayName, boolean admin) {
        AppUser user = load(id);
        if (user.isAdmin() && !admin && !users.existsOtherEnabledAdmin(id)) {
            throw AccountRefusals.lastAdmin();
        }
        boolean wasAdmin = user.isAdmin();
        String oldName = user.toView().displayName();
        user.update(displayName == null || displayName.isBlank() ? user.getUsername() : displayName.strip(), admin);
        UserView changed = user.toView();
        if (wasAdmin != admin || !oldName.equals(changed.displayName())) {
            audit.record(AuditEntry.of(AuditAction.USER_CHANGED)
                    .target(target(user))
                    .with("admin", admin)
                    .with("adminChanged", wasAdmin != admin)
                    .with("displayNameChanged", !oldName.equals(changed.displayName())));
        }
        return changed;
    }

    /** Disables or enables an account; disabling also ends the person's open sessions. */
    @Transactional
    public UserView setEnabled(long id, boolean enabled) {
        AppUser user = load(id);
        if (!enabled && user.isAdmin() && !users.existsOtherEnabledAdmin(id)) {
            throw AccountRefusals.lastAdmin();
        }
        if (user.isEnabled() != enabled) {
            audit.record(AuditEntry.of(enabled ? AuditAction.USER_ENABLED : AuditAction.USER_DISABLED)
                    .target(target(user)));
        }
        user.setEnabled(enabled);
        if (!enabled) {
            endSessions(user.getUsername());
        }
        return user.toView();
    }

    /** An admin sets a new password; the person's open sessions end. */
    @Transactional
    public void resetPassword(long id, String newPassword) {
        checkPassword(newPassword);
        AppUser user = load(id);
        user.changePassword(passwordEncoder.encode(newPassword));
        endSessions(user.getUsername());
        audit.record(AuditEntry.of(AuditAction.PASSWORD_RESET).target(target(user)));
    }

    /**
     * The person changes their own password, proving the current one; their other open sessions
     * end. Wrong current passwords count as failed logins of the account, and while its logins are
     * paused the current password is not even checked.
     *
     * @param currentSessionId the session the change is made in, which stays signed in; or
     *     {@code null}
     */
    // An Refusal here has written nothing but the failed attempt, which must stay.
    @Transactional(noRollbackFor = Refusal.class)
    public void changeOwnPassword(long id, String currentPassword, String newPassword, String currentSessionId) {
        AppUser user = load(id);
        if (throttle.isLocked(user.getUsername())) {
            throw AccountRefusals.throttled(properties.lockoutWindow().toMinutes());
        }
        if (currentPassword == null || !passwordEncoder.matches(currentPassword, user.getPasswordHash())) {
            throttle.recordFailure(user.getUsername());
            throw AccountRefusals.wrongCurrentPassword();
        }
        throttle.clear(user.getUsername());
        checkPassword(newPassword);
        user.changePassword(passwordEncoder.encode(newPassword));
        audit.record(AuditEntry.of(AuditAction.PASSWORD_CHANGED)
                .by(user.getId(), user.getUsername())
                .target(target(user)));
        sessions.findByPrincipalName(user.getUsername()).keySet().stream()
                .filter(sessionId -> !sessionId.equals(currentSessionId))
                .forEach(sessions::deleteById);
    }

    @Transactional
    public void changeLocale(long id, String locale) {
        String normalized = normalizeLocale(locale);
        load(id).changeLocale(normalized);
    }

    /**
     * The form of a typed username that the login lookup, the unique index ({@code lower(username
     * COLLATE "C")}) and the login lockout all compare: compatibility-normalised (NFKC, so full-width
     * letters are plain ones), lower-cased without a locale, without combining marks (so {@code İ},
     * U+0130, is {@code i}, as PostgreSQL's {@code lower()} makes it) and trimmed. Stored usernames
     * are ASCII, for which this is their ASCII lower case; a typed name that differs from one only
     * by such variants is that user for every purpose, lockout included.
     */
    static String usernameKey(String username) {
        if (username == null) {
            return "";
        }
        String typed = username.length() > MAX_TYPED_USERNAME ? username.substring(0, MAX_TYPED_USERNAME) : username;
        String lower = Normalizer.normalize(typed, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return COMBINING_MARKS
                .matcher(Normalizer.normalize(lower, Normalizer.Form.NFD))
                .replaceAll("")
                .strip();
    }

    /** The supported language closest to {@code locale}, English by default. */
    public static String normalizeLocale(String locale) {
        String language = locale == null ? "" : locale.strip().toLowerCase(Locale.ROOT);
        int cut = language.indexOf('_') >= 0 ? language.indexOf('_') : language.indexOf('-');
        if (cut > 0) {
            language = language.substring(0, cut);
        }
        return LOCALES.contains(language) ? language : "en";
    }

    void checkPassword(String password) {
        if (password == null || password.length() < properties.minPasswordLength()) {
            throw AccountRefusals.passwordTooShort(properties.minPasswordLength());
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > 72) {
            throw AccountRefusals.passwordTooLong();
        }
    }

    private void endSessions(String username) {
        sessions.findByPrincipalName(username).keySet().forEach(sessions::deleteById);
    }

    private static String target(AppUser user) {
        return "user:" + user.getUsername();
    }

    private AppUser load(long id) {
        return users.findById(id).orElseThrow(() -> AccountRefusals.userNotFound(id));
    }
}
