package dev.feedloop.generation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A registered endpoint; its API key only as ciphertext and last four characters. */
@Entity
@Table(name = "model_endpoint")
class ModelEndpoint {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    @Column(name = "base_url")
    private String baseUrl;

    private String model;

    @Column(name = "api_key_cipher")
    private byte @Nullable [] apiKeyCipher;

    @Column(name = "api_key_last4")
    private @Nullable String apiKeyLast4;

    private @Nullable BigDecimal temperature;

    @Column(name = "top_p")
    private @Nullable BigDecimal topP;

    @Column(name = "max_tokens")
    private @Nullable Integer maxTokens;

    @Column(name = "system_prompt")
    private @Nullable String systemPrompt;

    @Column(name = "concurrency_limit")
    private int concurrencyLimit;

    @Column(name = "requests_per_minute")
    private int requestsPerMinute;

    @Column(name = "prompt_price_per_1k")
    private @Nullable BigDecimal promptPricePer1k;

    @Column(name = "completion_price_per_1k")
    private @Nullable BigDecimal completionPricePer1k;

    @Column(name = "created_by", updatable = false)
    private @Nullable Long createdBy;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    protected ModelEndpoint() {}

    ModelEndpoint(long createdBy) {
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
    }

    /** Sets everything but the key, from checked settings. */
    void apply(CheckedSettings settings) {
        this.name = settings.name();
        this.baseUrl = settings.baseUrl();
        this.model = settings.model();
        this.temperature = settings.temperature();
        this.topP = settings.topP();
        this.maxTokens = settings.maxTokens();
        this.systemPrompt = settings.systemPrompt();
        this.concurrencyLimit = settings.concurrencyLimit();
        this.requestsPerMinute = settings.requestsPerMinute();
        this.promptPricePer1k = settings.promptPricePer1k();
        this.completionPricePer1k = settings.completionPricePer1k();
        this.updatedAt = Instant.now();
    }

    void setKey(byte[] cipher, String last4) {
        this.apiKeyCipher = cipher;
        this.apiKeyLast4 = last4;
    }

    void clearKey() {
        this.apiKeyCipher = null;
        this.apiKeyLast4 = null;
    }

    Long id() {
        return id;
    }

    byte @Nullable [] apiKeyCipher() {
        return apiKeyCipher;
    }

    EndpointView toView() {
        return new EndpointView(
                id,
                name,
                baseUrl,
                model,
                apiKeyLast4,
                temperature,
                topP,
                maxTokens,
                systemPrompt,
                concurrencyLimit,
                requestsPerMinute,
                promptPricePer1k,
                completionPricePer1k,
                createdAt,
                updatedAt);
    }

    /** What a call needs, with the key decrypted by {@code cipher}. */
    EndpointConnection connection(KeyCipher cipher) {
        return new EndpointConnection(
                name,
                baseUrl,
                model,
                apiKeyCipher == null ? null : cipher.decrypt(apiKeyCipher),
                temperature,
                topP,
                maxTokens,
                systemPrompt);
    }
}
