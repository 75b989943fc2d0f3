package dev.feedloop.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

@Entity
@Table(name = "app_user")
class AppUser {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String username;

    @Column(name = "display_name")
    private String displayName;

    @Column(name = "password_hash")
    private String passwordHash;

    private boolean enabled;

    private boolean admin;

    private String locale;

    @Column(name = "created_at", insertable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Version
    private long version;

    protected AppUser() {}

    AppUser(String username, String displayName, String passwordHash, boolean admin, String locale) {
        this.username = username;
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.admin = admin;
        this.locale = locale;
        this.enabled = true;
        this.updatedAt = Instant.now();
    }

    void changePassword(String newHash) {
        this.passwordHash = newHash;
        touch();
    }

    void update(String displayName, boolean admin) {
        this.displayName = displayName;
        this.admin = admin;
        touch();
    }

    /** Single sign-on's admin mapping: the identity provider's groups decide at each sign-in. */
    void changeAdmin(boolean admin) {
        this.admin = admin;
        touch();
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
        touch();
    }

    void changeLocale(String locale) {
        this.locale = locale;
        touch();
    }

    private void touch() {
        this.updatedAt = Instant.now();
    }

    UserView toView() {
        return new UserView(id, username, displayName, admin, enabled, locale, createdAt);
    }

    AccountPrincipal toPrincipal() {
        return new AccountPrincipal(id, username, displayName, admin, enabled, passwordHash);
    }

    Long getId() {
        return id;
    }

    String getDisplayName() {
        return displayName;
    }

    String getUsername() {
        return username;
    }

    String getPasswordHash() {
        return passwordHash;
    }

    boolean isAdmin() {
        return admin;
    }

    boolean isEnabled() {
        return enabled;
    }
}
