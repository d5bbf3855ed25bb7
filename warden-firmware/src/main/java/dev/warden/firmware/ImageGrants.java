package dev.warden.firmware;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived, per-device, per-release download grants: what a device's image URL carries. A grant names the thing,
 * the release and an expiry, authenticated with HMAC-SHA256 under a key that lives only in this node's memory (a
 * restart voids every grant, which costs a device one more request). Images are served only against a valid grant,
 * which the node hands out only to the authenticated device (over MQTT, in its job's document).
 */
public final class ImageGrants {
    public static final Duration LIFETIME = Duration.ofHours(1);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    /** What a valid grant allows. */
    public record Grant(String thing, String thingType, String version, Instant expires) {}

    public ImageGrants(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** A grant for {@code thing} to download release {@code version} of {@code type} until {@code expires}. */
    public String issue(String thing, String type, String version, Instant expires) {
        String claims = String.join("\n", thing, type, version, Long.toString(expires.getEpochSecond()));
        byte[] body = claims.getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(body) + "." + B64.encodeToString(mac(body));
    }

    /** The grant's claims when it is authentic and not expired at {@code now}; empty otherwise, for any reason. */
    public Optional<Grant> verify(String grant, Instant now) {
        int dot = grant.indexOf('.');
        if (dot <= 0 || grant.length() > 2048) {
            return Optional.empty();
        }
        try {
            byte[] body = B64D.decode(grant.substring(0, dot));
            if (!MessageDigest.isEqual(mac(body), B64D.decode(grant.substring(dot + 1)))) {
                return Optional.empty();
            }
            String[] claims = new String(body, StandardCharsets.UTF_8).split("\n", -1);
            Instant expires = Instant.ofEpochSecond(Long.parseLong(claims[3]));
            return claims.length == 4 && now.isBefore(expires)
                    ? Optional.of(new Grant(claims[0], claims[1], claims[2], expires))
                    : Optional.empty();
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
