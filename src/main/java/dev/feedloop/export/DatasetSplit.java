package dev.feedloop.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The train/test split: an item is in {@code test} when the first 32 bits of
 * SHA-256({@code seed + ":" + externalId}), read as an unsigned number, are below
 * {@code floor(testRatio * 2^32)}. Every pair of one prompt therefore lands in the same split, the
 * same way every time and on every server. The export SQL computes the same function; this class
 * is its reference (and what docs/export.md describes).
 */
public final class DatasetSplit {

    private DatasetSplit() {}

    /** {@code "test"} or {@code "train"}. */
    public static String of(String seed, String externalId, double testRatio) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256")
                    .digest((seed + ":" + externalId).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long bucket = ((digest[0] & 0xffL) << 24)
                | ((digest[1] & 0xffL) << 16)
                | ((digest[2] & 0xffL) << 8)
                | (digest[3] & 0xffL);
        return bucket < threshold(testRatio) ? "test" : "train";
    }

    /** The bucket limit below which an item is in the test split. */
    static long threshold(double testRatio) {
        return (long) Math.floor(testRatio * 4294967296.0);
    }
}
