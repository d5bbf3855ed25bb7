package dev.warden.firmware.attestation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.warden.firmware.FirmwareRelease;
import dev.warden.tuf.version.FirmwareVersion;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Judges one boot attestation (see the package's profile of the claims). Pure: the nonce is looked up through the
 * caller's function, the time and the releases are passed in. The checks run in a fixed order, and the first that
 * fails is the verdict: the token's form, its signature, the thing, the nonce, then the image.
 */
public final class AttestationVerifier {
    /** The JWS {@code typ} of an EAT in JWT form (the media type application/eat+jwt, RFC 9782). */
    public static final JOSEObjectType EAT_JWT = new JOSEObjectType("eat+jwt");
    /** A report is a few hundred bytes; anything much larger is refused before it is parsed. */
    public static final int MAX_TOKEN_CHARS = 8 * 1024;

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    private AttestationVerifier() {}

    /**
     * @param jws       the compact JWS the device sent
     * @param key       the public key of the device certificate it connected with
     * @param thing     the thing that sent it (from its certificate, not from the token)
     * @param nonces    the nonce the node issued under that value, if any
     * @param releases  the thing type's releases, revoked ones included
     * @param minimum   the highest minimum version of the releases the thing attested before, if any
     */
    public static AttestationResult verify(
            String jws,
            PublicKey key,
            String thing,
            Function<String, Optional<AttestationNonce>> nonces,
            Instant now,
            List<FirmwareRelease> releases,
            Optional<FirmwareVersion> minimum) {
        JWTClaimsSet claims;
        try {
            claims = signedClaims(jws, key);
        } catch (Refused r) {
            return AttestationResult.failed(r.reason, r.getMessage());
        }
        String nonce = string(claims, "eat_nonce");
        String type = string(claims, "swname");
        String versionText = string(claims, "swversion");
        String digest = digest(claims);
        AttestationResult read =
                new AttestationResult(AttestationReason.OK, "verified", nonce, type, versionText, digest, null);
        if (!thing.equals(string(claims, "sub"))) {
            return read.withReason(AttestationReason.WRONG_THING, "sub is not the thing that reported");
        }
        Optional<AttestationResult> nonceFailure = checkNonce(read, thing, nonces, now);
        if (nonceFailure.isPresent()) {
            return nonceFailure.get();
        }
        if (type == null || versionText == null || digest == null || claims.getIssueTime() == null) {
            return read.withReason(
                    AttestationReason.MALFORMED, "swname, swversion, iat and a sha-256 measurement are required");
        }
        return checkImage(read, releases, minimum);
    }

    private static JWTClaimsSet signedClaims(String jws, PublicKey key) throws Refused {
        if (jws == null || jws.isBlank() || jws.length() > MAX_TOKEN_CHARS) {
            throw new Refused(
                    AttestationReason.MALFORMED,
                    "a report is a compact JWS of at most " + MAX_TOKEN_CHARS + " characters");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(jws.strip());
        } catch (ParseException e) {
            throw new Refused(AttestationReason.MALFORMED, "not a compact JWS");
        }
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
            throw new Refused(AttestationReason.MALFORMED, "the algorithm must be ES256");
        }
        if (!EAT_JWT.equals(jwt.getHeader().getType())) {
            throw new Refused(AttestationReason.MALFORMED, "the header's typ must be eat+jwt");
        }
        if (!(key instanceof ECPublicKey ec)) {
            throw new Refused(AttestationReason.BAD_SIGNATURE, "the device certificate's key is not an EC key");
        }
        try {
            if (!jwt.verify(new ECDSAVerifier(ec))) {
                throw new Refused(AttestationReason.BAD_SIGNATURE, "the signature does not verify with the device key");
            }
            return jwt.getJWTClaimsSet();
        } catch (JOSEException e) {
            throw new Refused(AttestationReason.BAD_SIGNATURE, "the signature does not verify with the device key");
        } catch (ParseException e) {
            throw new Refused(AttestationReason.MALFORMED, "the payload is not a JSON claims set");
        }
    }

    private static Optional<AttestationResult> checkNonce(
            AttestationResult read, String thing, Function<String, Optional<AttestationNonce>> nonces, Instant now) {
        if (read.nonce() == null || !NONCE.matcher(read.nonce()).matches()) {
            return Optional.of(read.withReason(
                    AttestationReason.NONCE_MISSING, "eat_nonce is missing or not one the" + " node issues"));
        }
        Optional<AttestationNonce> issued =
                nonces.apply(read.nonce()).filter(n -> n.thing().equals(thing));
        if (issued.isEmpty()) {
            return Optional.of(
                    read.withReason(AttestationReason.NONCE_UNKNOWN, "the node issued no such nonce to " + thing));
        }
        if (issued.get().used()) {
            return Optional.of(read.withReason(AttestationReason.NONCE_REUSED, "the nonce was used already"));
        }
        if (!now.isBefore(issued.get().expiresAt())) {
            return Optional.of(read.withReason(
                    AttestationReason.NONCE_EXPIRED,
                    "the nonce expired at " + issued.get().expiresAt()));
        }
        return Optional.empty();
    }

    private static AttestationResult checkImage(
            AttestationResult read, List<FirmwareRelease> releases, Optional<FirmwareVersion> minimum) {
        FirmwareVersion version;
        try {
            version = FirmwareVersion.parse(read.version());
        } catch (IllegalArgumentException e) {
            return read.withReason(AttestationReason.MALFORMED, "swversion is not a version");
        }
        Optional<FirmwareRelease> release = releases.stream()
                .filter(r ->
                        r.thingType().equals(read.thingType()) && r.version().equals(version))
                .findFirst();
        if (release.isEmpty()) {
            return read.withReason(
                    AttestationReason.UNKNOWN_IMAGE, "no release " + version + " of thing type " + read.thingType());
        }
        if (!release.get().sha256().equalsIgnoreCase(read.digest())) {
            return read.withReason(
                    AttestationReason.UNKNOWN_IMAGE, "the image's digest is not release " + version + "'s");
        }
        if (release.get().revoked()) {
            return read.withReason(AttestationReason.REVOKED_IMAGE, "release " + version + " is revoked");
        }
        if (minimum.isPresent() && version.isBelow(minimum.get())) {
            return read.withReason(
                    AttestationReason.BELOW_MINIMUM, version + " is below the thing's minimum " + minimum.get());
        }
        FirmwareVersion floor =
                minimum.isPresent() && release.get().minVersion().isBelow(minimum.get())
                        ? minimum.get()
                        : release.get().minVersion();
        return new AttestationResult(
                AttestationReason.OK,
                "release " + version + " verified",
                read.nonce(),
                read.thingType(),
                read.version(),
                read.digest(),
                floor);
    }

    private static String string(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        if (value instanceof String s && !s.isEmpty() && s.length() <= 256) {
            return s;
        }
        return null;
    }

    /** The one sha-256 digest of {@code measurements}, lowercase; null when absent or of another form. */
    private static String digest(JWTClaimsSet claims) {
        if (!(claims.getClaim("measurements") instanceof List<?> list) || list.size() != 1) {
            return null;
        }
        if (list.get(0) instanceof Map<?, ?> m
                && "sha-256".equals(m.get("alg"))
                && m.get("digest") instanceof String d
                && SHA256_HEX.matcher(d).matches()) {
            return d.toLowerCase(Locale.ROOT);
        }
        return null;
    }

    /** A failure before any claim could be trusted. */
    private static final class Refused extends Exception {
        private final AttestationReason reason;

        Refused(AttestationReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
