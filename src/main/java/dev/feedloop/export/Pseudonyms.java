package dev.feedloop.export;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Annotator pseudonyms: {@code "a-"} and the first 16 hex digits of HMAC-SHA256(project key, user
 * id as decimal text). The project key is 32 random bytes stored per project on first export
 * (HMAC'd with {@code feedloop.export.pseudonym-secret} when that is set). The same person gets the
 * same pseudonym in every export of one project and different ones in different projects, and the
 * raw user id never leaves the server.
 *
 * <p>Exports compute pseudonyms inside PostgreSQL with the same HMAC built from {@code sha256()}:
 * {@link #sql(byte[], String)}.
 */
@Component
class Pseudonyms {

    private static final HexFormat HEX = HexFormat.of();
    private static final int BLOCK = 64;

    private final JdbcClient jdbc;
    private final ExportProperties properties;
    private final SecureRandom random = new SecureRandom();

    Pseudonyms(JdbcClient jdbc, ExportProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** The project's pseudonym key, created on first use (concurrent first uses agree on one). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public byte[] key(long projectId) {
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        jdbc.sql("INSERT INTO export_project_key (project_id, pseudonym_key) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(projectId, fresh)
                .update();
        byte[] stored = jdbc.sql("SELECT pseudonym_key FROM export_project_key WHERE project_id = ?")
                .param(projectId)
                .query(byte[].class)
                .single();
        String secret = properties.pseudonymSecret();
        return secret == null || secret.isEmpty() ? stored : hmac(secret.getBytes(StandardCharsets.UTF_8), stored);
    }

    /** The pseudonym of {@code userId} under {@code key} (what the SQL computes). */
    static String of(byte[] key, long userId) {
        return "a-"
                + HEX.formatHex(hmac(key, Long.toString(userId).getBytes(StandardCharsets.UTF_8)))
                        .substring(0, 16);
    }

    /**
     * SQL text computing the pseudonym of the bigint expression {@code userIdSql}: HMAC-SHA256 as
     * {@code sha256((K xor opad) || sha256((K xor ipad) || message))}. Only hex digits of derived
     * key bytes are put into the text.
     */
    static String sql(byte[] key, String userIdSql) {
        byte[] block = new byte[BLOCK];
        System.arraycopy(key, 0, block, 0, key.length);
        byte[] inner = new byte[BLOCK];
        byte[] outer = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            inner[i] = (byte) (block[i] ^ 0x36);
            outer[i] = (byte) (block[i] ^ 0x5c);
        }
        return "('a-' || left(encode(sha256('\\x" + HEX.formatHex(outer) + "'::bytea || sha256('\\x"
                + HEX.formatHex(inner) + "'::bytea || convert_to((" + userIdSql
                + ")::text, 'UTF8'))), 'hex'), 16))";
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
