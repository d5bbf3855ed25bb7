package dev.warden.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 seals; the node keeps the key only wrapped by its KMS master key. */
public final class HmacHeadSealer implements HeadSealer {
    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    public HmacHeadSealer(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a head-seal key needs at least 256 bits");
        }
        this.key = new SecretKeySpec(Arrays.copyOf(key, key.length), ALGORITHM);
    }

    @Override
    public String seal(String region, long seq, String hash) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(input(region, seq, hash)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is required by the Java platform", e);
        }
    }

    @Override
    public boolean verify(String region, long seq, String hash, String seal) {
        if (seal == null || hash == null) {
            return false;
        }
        return MessageDigest.isEqual(
                seal(region, seq, hash).getBytes(StandardCharsets.US_ASCII), seal.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] input(String region, long seq, String hash) {
        EventCanonicalForm.Writer w = new EventCanonicalForm.Writer();
        w.text("warden-audit-head-seal-v1");
        w.text(region);
        w.number(seq);
        w.text(hash);
        return w.bytes();
    }
}
