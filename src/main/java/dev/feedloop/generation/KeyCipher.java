package dev.feedloop.generation;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.encrypt.AesBytesEncryptor;
import org.springframework.security.crypto.encrypt.BytesEncryptor;
import org.springframework.security.crypto.keygen.KeyGenerators;
import org.springframework.stereotype.Component;

/**
 * Encrypts endpoints' API keys with the server key ({@code feedloop.generation.key-encryption-key}):
 * AES-256-GCM with a random 16-byte nonce per value (Spring Security's {@link AesBytesEncryptor}),
 * stored as nonce followed by ciphertext and tag. Without the server key nothing can be encrypted,
 * and storing a key is refused. The webhooks module encrypts its signing secrets with it too.
 */
@Component
public class KeyCipher {

    private final @Nullable BytesEncryptor encryptor;

    KeyCipher(GenerationProperties properties) {
        this.encryptor = encryptor(properties.keyEncryptionKey());
    }

    private static @Nullable BytesEncryptor encryptor(@Nullable String base64) {
        if (base64 == null || base64.isBlank()) {
            return null;
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("feedloop.generation.key-encryption-key is not base64", e);
        }
        if (key.length != 32) {
            throw new IllegalStateException(
                    "feedloop.generation.key-encryption-key must be 32 bytes in base64 (openssl rand -base64 32), not "
                            + key.length);
        }
        return new AesBytesEncryptor(
                new SecretKeySpec(key, "AES"), KeyGenerators.secureRandom(16), AesBytesEncryptor.CipherAlgorithm.GCM);
    }

    public boolean available() {
        return encryptor != null;
    }

    public byte[] encrypt(String apiKey) {
        if (encryptor == null) {
            throw GenerationRefusals.noServerKey();
        }
        return encryptor.encrypt(apiKey.getBytes(StandardCharsets.UTF_8));
    }

    public String decrypt(byte[] cipher) {
        if (encryptor == null) {
            throw GenerationRefusals.keyUnreadable();
        }
        try {
            return new String(encryptor.decrypt(cipher), StandardCharsets.UTF_8);
        } catch (IllegalStateException e) {
            // another server key, or a changed value: GCM's tag does not match
            throw GenerationRefusals.keyUnreadable();
        }
    }
}
