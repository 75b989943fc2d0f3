package dev.feedloop.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "api_token")
class ApiToken {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id")
    private long userId;

    private String name;

    private String prefix;

    @Column(name = "secret_hash")
    private String secretHash;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "last_used_at", insertable = false, updatable = false)
    private Instant lastUsedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiToken() {}

    ApiToken(long userId, String name, String prefix, String secretHash) {
        this.userId = userId;
        this.name = name;
        this.prefix = prefix;
        this.secretHash = secretHash;
        this.createdAt = Instant.now();
    }

    void revoke() {
        if (revokedAt == null) {
            revokedAt = Instant.now();
        }
    }

    boolean isRevoked() {
        return revokedAt != null;
    }

    long getUserId() {
        return userId;
    }

    Long getId() {
        return id;
    }

    String getSecretHash() {
        return secretHash;
    }

    ApiTokenView toView() {
        return new ApiTokenView(id, name, prefix, createdAt, lastUsedAt, revokedAt);
    }
}
