package dev.warden.firmware.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.warden.firmware.FirmwareRelease;
import dev.warden.tuf.version.FirmwareVersion;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Every verdict of the verifier, with real ES256 tokens signed by Nimbus. */
class AttestationVerifierTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final String NONCE = "bm9uY2Utb2YtdGhlLW5vZGUtMTIzNDU2Nzg5MA";
    private static final String DIGEST_240 = "a".repeat(64);
    private static final String DIGEST_230 = "b".repeat(64);

    private final KeyPair device = ecKey();
    private final KeyPair other = ecKey();
    private AttestationNonce nonce =
            new AttestationNonce(NONCE, "sensor-1", NOW.minusSeconds(10), NOW.plusSeconds(290), false);
    private List<FirmwareRelease> releases =
            List.of(release("2.4.0", "2.4.0", DIGEST_240, false), release("2.3.0", "2.3.0", DIGEST_230, false));
    private Optional<FirmwareVersion> minimum = Optional.empty();

    @Test
    void theReleasedImageWithAFreshNonceIsVerifiedAndRaisesTheFloor() {
        AttestationResult r = verify(token(device, b -> b));
        assertThat(r.reason()).isEqualTo(AttestationReason.OK);
        assertThat(r.accepted()).isTrue();
        assertThat(r.version()).isEqualTo("2.4.0");
        assertThat(r.digest()).isEqualTo(DIGEST_240);
        assertThat(r.minVersion()).hasToString("2.4.0");
    }

    @Test
    void aFloorAboveTheReleasesOwnMinimumStays() {
        minimum = Optional.of(FirmwareVersion.parse("2.3.5"));
        releases = List.of(release("2.4.0", "2.0", DIGEST_240, false));
        assertThat(verify(token(device, b -> b)).minVersion()).hasToString("2.3.5");
    }

    @Test
    void aTokenSignedByAnotherKeyIsABadSignature() {
        assertThat(verify(token(other, b -> b)).reason()).isEqualTo(AttestationReason.BAD_SIGNATURE);
    }

    @Test
    void aTamperedPayloadIsABadSignature() {
        String[] parts = token(device, b -> b).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("2.4.0", "2.3.0");
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];
        AttestationResult r = verify(tampered);
        assertThat(r.reason()).isEqualTo(AttestationReason.BAD_SIGNATURE);
        assertThat(r.version()).isNull();
    }

    @Test
    void garbageAnotherAlgorithmOrAnotherTypAreMalformed() {
        assertThat(verify("not a token").reason()).isEqualTo(AttestationReason.MALFORMED);
        assertThat(verify("x".repeat(9000)).reason()).isEqualTo(AttestationReason.MALFORMED);
        assertThat(verify(token(device, b -> b, new JOSEObjectType("JWT"))).reason())
                .isEqualTo(AttestationReason.MALFORMED);
        assertThat(verify(token(device, b -> b.claim("measurements", List.of(Map.of("alg", "md5", "digest", "x")))))
                        .reason())
                .isEqualTo(AttestationReason.MALFORMED);
        assertThat(verify(token(device, b -> b.claim("swversion", "not-a-version")))
                        .reason())
                .isEqualTo(AttestationReason.MALFORMED);
    }

    @Test
    void anotherThingsSubIsWrongThing() {
        assertThat(verify(token(device, b -> b.subject("sensor-2"))).reason()).isEqualTo(AttestationReason.WRONG_THING);
    }

    @Test
    void theNonceMustBeThereIssuedToThisThingUnusedAndFresh() {
        assertThat(verify(token(device, b -> b.claim("eat_nonce", null))).reason())
                .isEqualTo(AttestationReason.NONCE_MISSING);
        assertThat(verify(token(device, b -> b.claim("eat_nonce", "c29tZS1vdGhlci1ub25jZS12YWx1ZQ")))
                        .reason())
                .isEqualTo(AttestationReason.NONCE_UNKNOWN);
        nonce = new AttestationNonce(NONCE, "sensor-2", NOW, NOW.plusSeconds(300), false);
        assertThat(verify(token(device, b -> b)).reason()).isEqualTo(AttestationReason.NONCE_UNKNOWN);
        nonce = new AttestationNonce(NONCE, "sensor-1", NOW.minusSeconds(400), NOW.minusSeconds(100), false);
        assertThat(verify(token(device, b -> b)).reason()).isEqualTo(AttestationReason.NONCE_EXPIRED);
        nonce = new AttestationNonce(NONCE, "sensor-1", NOW.minusSeconds(10), NOW.plusSeconds(290), true);
        assertThat(verify(token(device, b -> b)).reason()).isEqualTo(AttestationReason.NONCE_REUSED);
    }

    @Test
    void anUnreleasedVersionOrADigestNotTheReleasesIsAnUnknownImage() {
        AttestationResult unreleased = verify(token(device, b -> b.claim("swversion", "9.9.9")));
        assertThat(unreleased.reason()).isEqualTo(AttestationReason.UNKNOWN_IMAGE);
        assertThat(unreleased.reason().spendsNonce()).isTrue();
        assertThat(verify(token(device, b -> b.claim("measurements", measurements("c".repeat(64)))))
                        .reason())
                .isEqualTo(AttestationReason.UNKNOWN_IMAGE);
        assertThat(verify(token(device, b -> b.claim("swname", "camera"))).reason())
                .isEqualTo(AttestationReason.UNKNOWN_IMAGE);
    }

    @Test
    void aRevokedReleaseIsRevokedImage() {
        releases = List.of(release("2.4.0", "2.4.0", DIGEST_240, true));
        assertThat(verify(token(device, b -> b)).reason()).isEqualTo(AttestationReason.REVOKED_IMAGE);
    }

    @Test
    void aVersionBelowTheAttestedMinimumIsBelowMinimum() {
        minimum = Optional.of(FirmwareVersion.parse("2.4.0"));
        AttestationResult r = verify(
                token(device, b -> b.claim("swversion", "2.3.0").claim("measurements", measurements(DIGEST_230))));
        assertThat(r.reason()).isEqualTo(AttestationReason.BELOW_MINIMUM);
        assertThat(r.minVersion()).isNull();
    }

    @Test
    void onlyFailuresAfterTheNonceCheckSpendIt() {
        assertThat(AttestationReason.BAD_SIGNATURE.spendsNonce()).isFalse();
        assertThat(AttestationReason.NONCE_EXPIRED.spendsNonce()).isFalse();
        assertThat(AttestationReason.OK.spendsNonce()).isTrue();
        assertThat(AttestationReason.BELOW_MINIMUM.spendsNonce()).isTrue();
    }

    private AttestationResult verify(String jws) {
        return AttestationVerifier.verify(
                jws,
                device.getPublic(),
                "sensor-1",
                v -> v.equals(nonce.value()) ? Optional.of(nonce) : Optional.empty(),
                NOW,
                releases,
                minimum);
    }

    private static String token(KeyPair key, UnaryOperator<JWTClaimsSet.Builder> change) {
        return token(key, change, AttestationVerifier.EAT_JWT);
    }

    private static String token(KeyPair key, UnaryOperator<JWTClaimsSet.Builder> change, JOSEObjectType typ) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject("sensor-1")
                .issueTime(Date.from(NOW))
                .claim("eat_nonce", NONCE)
                .claim("swname", "sensor")
                .claim("swversion", "2.4.0")
                .claim("measurements", measurements(DIGEST_240));
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256).type(typ).build(),
                    change.apply(claims).build());
            jwt.sign(new ECDSASigner((ECPrivateKey) key.getPrivate()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Map<String, String>> measurements(String digest) {
        return List.of(Map.of("alg", "sha-256", "digest", digest));
    }

    private static FirmwareRelease release(String version, String min, String sha256, boolean revoked) {
        return new FirmwareRelease(
                "sensor",
                FirmwareVersion.parse(version),
                FirmwareVersion.parse(min),
                10,
                sha256,
                "0".repeat(128),
                List.of(),
                1,
                NOW.minusSeconds(3600),
                "test",
                revoked
                        ? Optional.of(new FirmwareRelease.Revocation(NOW.minusSeconds(60), "test", "bad"))
                        : Optional.empty());
    }

    private static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
