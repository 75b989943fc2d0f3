package dev.feedloop.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.problems.Refusal;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyCipherTest {

    static KeyCipher cipher(String key) {
        return new KeyCipher(new GenerationProperties(key, false, Duration.ofSeconds(1)));
    }

    static String key(int fill) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) fill);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void aKeyComesBackAsItWasAndEachEncryptionDiffers() {
        KeyCipher cipher = cipher(key(7));
        byte[] first = cipher.encrypt("sk-secret-value");
        byte[] second = cipher.encrypt("sk-secret-value");
        assertThat(first).isNotEqualTo(second);
        assertThat(cipher.decrypt(first)).isEqualTo("sk-secret-value");
        assertThat(cipher.decrypt(second)).isEqualTo("sk-secret-value");
    }

    @Test
    void anotherServerKeyCannotReadIt() {
        byte[] stored = cipher(key(7)).encrypt("sk-secret-value");
        assertThatThrownBy(() -> cipher(key(8)).decrypt(stored))
                .isInstanceOfSatisfying(
                        Refusal.class, r -> assertThat(r.messageCode()).isEqualTo("endpoints.error.keyUnreadable"));
        stored[stored.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher(key(7)).decrypt(stored)).isInstanceOf(Refusal.class);
    }

    @Test
    void withoutTheServerKeyNothingIsEncrypted() {
        KeyCipher cipher = cipher(" ");
        assertThat(cipher.available()).isFalse();
        assertThatThrownBy(() -> cipher.encrypt("sk-x")).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.messageCode()).isEqualTo("endpoints.error.noServerKey");
            assertThat(r.field()).isEqualTo("apiKey");
        });
    }

    @Test
    void aServerKeyOfTheWrongLengthStopsTheServer() {
        assertThatThrownBy(() -> cipher(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> cipher("not base64!")).isInstanceOf(IllegalStateException.class);
    }
}
