package dev.warden.monitor.mitigation;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook delivery: {@code v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}, sent in
 * {@code X-Warden-Signature} with the timestamp (unix seconds) in {@code X-Warden-Timestamp}. Signing the timestamp
 * with the body lets a receiver refuse replays older than its tolerance; the {@code v1} scheme leaves room for another
 * algorithm later. A receiver verifies with a constant-time comparison.
 */
public final class WebhookSignature {
    public static final String TIMESTAMP_HEADER = "X-Warden-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Warden-Signature";
    public static final String DELIVERY_HEADER = "X-Warden-Delivery";

    private WebhookSignature() {}

    /** The header value for {@code body} sent at {@code timestampSeconds}. */
    public static String sign(byte[] secret, long timestampSeconds, byte[] body) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("a webhook signing secret must not be empty");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
