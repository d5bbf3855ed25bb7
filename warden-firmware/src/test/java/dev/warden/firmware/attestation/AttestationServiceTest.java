package dev.warden.firmware.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.warden.buckets.BucketStore;
import dev.warden.firmware.FirmwareService;
import dev.warden.firmware.PublishRequest;
import dev.warden.firmware.images.ImageStore;
import dev.warden.gateway.AcceptedPublish;
import dev.warden.gateway.DeviceIdentity;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.masterkey.KdfParameters;
import dev.warden.kms.masterkey.MasterKeyFile;
import dev.warden.kms.node.DefaultKey;
import dev.warden.storage.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nonces and verdicts against a real database and real releases, asked for directly and over MQTT. */
class AttestationServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Database db;
    private FirmwareService firmware;
    private AttestationService attestation;
    private final KeyPair device = ecKey();

    @BeforeEach
    void start() {
        db = Database.open(null, dir);
        KeyManagementService kms = new KeyManagementService(
                db,
                MasterKeyFile.create(
                        dir.resolve("master.key"),
                        "eu-west-1",
                        "correct horse battery staple".toCharArray(),
                        new KdfParameters(KdfParameters.MIN_MEMORY_KIB, 1, 1)),
                "eu-west-1",
                Clock.systemUTC());
        DefaultKey.ensure(kms, "default");
        BucketStore buckets = new BucketStore(db, kms, DefaultKey.NAME, "default", Clock.systemUTC());
        firmware = new FirmwareService(db, new ImageStore(buckets), "eu-west-1", Clock.systemUTC());
        attestation = new AttestationService(db, firmware, "eu-west-1", Clock.systemUTC(), new SecureRandom());
    }

    @AfterEach
    void stop() {
        db.close();
    }

    @Test
    void aReportIsAcceptedOnceAndTheLastVerifiedBootIsKept() {
        String sha = firmware.publish(new PublishRequest("sensor", "2.4.0", null, null, image("2.4.0")), "t")
                .sha256();
        String report = report(attestation.issueNonce("sensor-1").value(), "2.4.0", sha);

        assertThat(attestation
                        .verify("sensor-1", "sensor", device.getPublic(), report)
                        .reason())
                .isEqualTo(AttestationReason.OK);
        assertThat(attestation
                        .verify("sensor-1", "sensor", device.getPublic(), report)
                        .reason())
                .isEqualTo(AttestationReason.NONCE_REUSED);
        AttestationResult unknown = attestation.verify(
                "sensor-1",
                "sensor",
                device.getPublic(),
                report(attestation.issueNonce("sensor-1").value(), "2.4.0", "f".repeat(64)));
        assertThat(unknown.reason()).isEqualTo(AttestationReason.UNKNOWN_IMAGE);

        AttestationStatus status = attestation.last("sensor-1");
        assertThat(status.lastVerified()).get().satisfies(a -> {
            assertThat(a.version()).isEqualTo("2.4.0");
            assertThat(a.digest()).isEqualTo(sha);
            assertThat(a.minVersion()).isEqualTo("2.4.0");
        });
        assertThat(status.lastReport())
                .get()
                .extracting(Attestation::reason)
                .isEqualTo(AttestationReason.UNKNOWN_IMAGE);
    }

    @Test
    void anAttestedReleasesMinimumIsTheThingsFloor() {
        String old = firmware.publish(new PublishRequest("sensor", "2.3.0", null, null, image("2.3.0")), "t")
                .sha256();
        String sha = firmware.publish(new PublishRequest("sensor", "2.4.0", "2.4.0", null, image("2.4.0")), "t")
                .sha256();
        assertThat(attestation
                        .verify(
                                "sensor-1",
                                "sensor",
                                device.getPublic(),
                                report(attestation.issueNonce("sensor-1").value(), "2.4.0", sha))
                        .reason())
                .isEqualTo(AttestationReason.OK);
        assertThat(attestation
                        .verify(
                                "sensor-1",
                                "sensor",
                                device.getPublic(),
                                report(attestation.issueNonce("sensor-1").value(), "2.3.0", old))
                        .reason())
                .isEqualTo(AttestationReason.BELOW_MINIMUM);
        // Another thing never attested 2.4.0: 2.3.0 is fine for it.
        assertThat(attestation
                        .verify(
                                "sensor-2",
                                "sensor",
                                device.getPublic(),
                                report(attestation.issueNonce("sensor-2").value(), "2.3.0", old, "sensor-2"))
                        .reason())
                .isEqualTo(AttestationReason.OK);
    }

    @Test
    void aThingHoldsAFewNoncesAtMostTheOldestAreWithdrawn() {
        String sha = firmware.publish(new PublishRequest("sensor", "1.0", null, null, image("1.0")), "t")
                .sha256();
        String first = attestation.issueNonce("sensor-1").value();
        for (int i = 0; i < AttestationService.MAX_OUTSTANDING; i++) {
            attestation.issueNonce("sensor-1");
        }
        assertThat(attestation
                        .verify("sensor-1", "sensor", device.getPublic(), report(first, "1.0", sha))
                        .reason())
                .isEqualTo(AttestationReason.NONCE_UNKNOWN);
    }

    @Test
    void overMqttAThingGetsANonceAndItsVerdictOnItsOwnTopicsOnly() throws Exception {
        String sha = firmware.publish(new PublishRequest("sensor", "1.0", null, null, image("1.0")), "t")
                .sha256();
        List<String> replies = new CopyOnWriteArrayList<>();
        List<String> heard = new CopyOnWriteArrayList<>();
        DeviceIdentity sensor1 = new DeviceIdentity("sensor-1", "01", "ab", Map.of());
        try (AttestationOverMqtt mqtt = new AttestationOverMqtt(
                attestation,
                id -> id.thingName().equals("sensor-1")
                        ? Optional.of(new AttestingDevices.Device(device.getPublic(), "sensor"))
                        : Optional.empty(),
                (id, r) -> heard.add(id.thingName() + " " + r.reason()),
                10)) {
            mqtt.attach(
                    (client, topic, payload) -> replies.add(topic + " " + new String(payload, StandardCharsets.UTF_8)));
            String prefix = "$warden/things/sensor-1/attestation/";
            mqtt.onPublish(publish(sensor1, prefix + "nonce", new byte[0]));
            await(replies, 1);
            assertThat(replies.get(0)).startsWith(prefix + "nonce/accepted ").contains("\"expiresInSeconds\":300");
            String nonce = JSON.readTree(replies.get(0).substring(replies.get(0).indexOf(' ') + 1))
                    .path("nonce")
                    .asText();

            mqtt.onPublish(publish(
                    sensor1, prefix + "report", report(nonce, "1.0", sha).getBytes()));
            await(replies, 2);
            assertThat(replies.get(1)).startsWith(prefix + "report/accepted ").contains("\"code\":\"OK\"");

            // Another thing's topic is refused, and a device whose certificate is unknown is not judged at all.
            mqtt.onPublish(publish(sensor1, "$warden/things/sensor-2/attestation/nonce", new byte[0]));
            await(replies, 3);
            assertThat(replies.get(2))
                    .startsWith("$warden/things/sensor-2/attestation/nonce/rejected ")
                    .contains("ACCESS_DENIED");
            DeviceIdentity stranger = new DeviceIdentity("sensor-2", "02", "cd", Map.of());
            mqtt.onPublish(publish(stranger, "$warden/things/sensor-2/attestation/report", "x.y.z".getBytes()));
            await(replies, 4);
            assertThat(replies.get(3)).contains("/report/rejected ").contains("UNKNOWN_DEVICE");
            assertThat(heard).containsExactly("sensor-1 OK");
        }
    }

    private static AcceptedPublish publish(DeviceIdentity who, String topic, byte[] payload) {
        return new AcceptedPublish(who, who.thingName(), topic, payload, 1, false, System.currentTimeMillis());
    }

    private static void await(List<String> replies, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (replies.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(replies).hasSizeGreaterThanOrEqualTo(count);
    }

    private String report(String nonce, String version, String sha) {
        return report(nonce, version, sha, "sensor-1");
    }

    private String report(String nonce, String version, String sha, String thing) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .type(AttestationVerifier.EAT_JWT)
                            .build(),
                    new JWTClaimsSet.Builder()
                            .subject(thing)
                            .issueTime(new Date())
                            .claim("eat_nonce", nonce)
                            .claim("swname", "sensor")
                            .claim("swversion", version)
                            .claim("measurements", List.of(Map.of("alg", "sha-256", "digest", sha)))
                            .build());
            jwt.sign(new ECDSASigner((ECPrivateKey) device.getPrivate()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] image(String version) {
        return ("firmware " + version).getBytes(StandardCharsets.UTF_8);
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
