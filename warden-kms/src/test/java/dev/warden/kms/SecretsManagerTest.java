package dev.warden.kms;

import static dev.warden.kms.KmsFixture.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.crypto.tink.Mac;
import dev.warden.kms.rotation.HmacKeyRotator;
import dev.warden.kms.rotation.RandomPasswordRotator;
import dev.warden.storage.Database;
import dev.warden.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Versioned, labelled, encrypted secrets; rotations that never lose a working CURRENT version. */
@Tag("postgresql")
class SecretsManagerTest {

    private static SecretsManager secrets(Database db, KmsEvents events) {
        KeyManagementService kms = KmsFixture.kms(db, REGION, new MutableClock(KmsFixture.START), events);
        kms.createKey("acme", "secrets", "secrets manager");
        return new SecretsManager(db, kms, "secrets");
    }

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void putGetLabelsListAndDelete(String backend, @TempDir Path dir) {
        try (Database db = KmsFixture.open(backend, dir)) {
            KmsFixture.RecordedEvents events = new KmsFixture.RecordedEvents();
            SecretsManager secrets = secrets(db, events);
            String v1 = secrets.put("mqtt/bridge", SecretValue.of("first-value-123"), "bridge password");
            String v2 = secrets.put("mqtt/bridge", SecretValue.of("second-value-456"));

            SecretVersion current = secrets.get("mqtt/bridge");
            assertThat(current.versionId()).isEqualTo(v2);
            assertThat(current.value().asString()).isEqualTo("second-value-456");
            assertThat(current.labels()).containsExactly(SecretLabel.CURRENT);
            assertThat(current.arn()).isEqualTo("arn:warden:secrets:eu-west-1:acme:secret/mqtt/bridge");
            assertThat(secrets.get("mqtt/bridge", SecretLabel.PREVIOUS).value().asString())
                    .isEqualTo("first-value-123");
            assertThat(secrets.getVersion("mqtt/bridge", v1).labels()).containsExactly(SecretLabel.PREVIOUS);
            assertThat(catchThrowableOfType(KmsException.class, () -> secrets.get("mqtt/bridge", SecretLabel.PENDING))
                            .reason())
                    .isEqualTo(KmsReason.SECRET_NOT_FOUND);

            secrets.put("webhook", SecretValue.of("third-value-789"));
            assertThat(secrets.list()).extracting(SecretMetadata::name).containsExactly("mqtt/bridge", "webhook");
            SecretMetadata bridge = secrets.describe("mqtt/bridge");
            assertThat(bridge.versions()).isEqualTo(2);
            assertThat(bridge.description()).isEqualTo("bridge password");
            assertThat(bridge.labels()).containsEntry(SecretLabel.CURRENT, v2).containsEntry(SecretLabel.PREVIOUS, v1);
            // Values never show: not in listings, records' toString, or events.
            assertThat(secrets.list().toString() + current + events.snapshot())
                    .doesNotContain("first-value")
                    .doesNotContain("second-value")
                    .doesNotContain("third-value");

            secrets.delete("mqtt/bridge");
            assertThat(catchThrowableOfType(KmsException.class, () -> secrets.get("mqtt/bridge"))
                            .reason())
                    .isEqualTo(KmsReason.SECRET_NOT_FOUND);
            assertThat(secrets.list()).extracting(SecretMetadata::name).containsExactly("webhook");
            // The name is free again, under a fresh data key.
            secrets.put("mqtt/bridge", SecretValue.of("fourth-value"));
            assertThat(secrets.get("mqtt/bridge").value().asString()).isEqualTo("fourth-value");
            assertThat(events.snapshot())
                    .extracting(KmsEvent::operation)
                    .contains(
                            "secrets:PutSecretValue",
                            "secrets:GetSecretValue",
                            "secrets:ListSecrets",
                            "secrets:DeleteSecret",
                            "kms:DestroyDataKey");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void builtInRotatorsPromotePendingAndKeepPrevious(String backend, @TempDir Path dir) throws Exception {
        try (Database db = KmsFixture.open(backend, dir)) {
            SecretsManager secrets = secrets(db, KmsEvents.NONE);
            String first = secrets.put("api-password", SecretValue.of("initial-password"));
            String rotated = secrets.rotate("api-password", new RandomPasswordRotator(40));
            SecretVersion current = secrets.get("api-password");
            assertThat(current.versionId()).isEqualTo(rotated);
            assertThat(current.value().asString()).hasSize(40).matches("[A-Za-z0-9._~-]+");
            assertThat(secrets.get("api-password", SecretLabel.PREVIOUS).versionId())
                    .isEqualTo(first);
            assertThat(secrets.describe("api-password").labels()).doesNotContainKey(SecretLabel.PENDING);
            assertThat(secrets.describe("api-password").rotatedAt()).isNotNull();

            // HMAC keys: the rotated keyset still verifies tags made before the rotation.
            secrets.put("webhook-hmac", new HmacKeyRotator().createSecret(null));
            byte[] message = "payload".getBytes(StandardCharsets.UTF_8);
            byte[] oldTag =
                    HmacKeyRotator.mac(secrets.get("webhook-hmac").value()).computeMac(message);
            secrets.rotate("webhook-hmac", new HmacKeyRotator());
            Mac mac = HmacKeyRotator.mac(secrets.get("webhook-hmac").value());
            mac.verifyMac(oldTag, message);
            assertThat(mac.computeMac(message)).isNotEqualTo(oldTag);
        }
    }

    /** A target system that accepts exactly one password, with failures injected per step. */
    private static final class FlakyTarget implements SecretRotator {
        SecretValue accepted;
        final AtomicInteger setFailures = new AtomicInteger();
        final AtomicInteger testFailures = new AtomicInteger();
        final AtomicInteger restoreFailures = new AtomicInteger();
        final AtomicInteger created = new AtomicInteger();

        FlakyTarget(SecretValue accepted) {
            this.accepted = accepted;
        }

        @Override
        public SecretValue createSecret(SecretValue current) {
            return SecretValue.of("pending-" + created.incrementAndGet() + "-"
                    + new RandomPasswordRotator(16).createSecret(null).asString());
        }

        @Override
        public void setSecret(SecretValue previous, SecretValue next) {
            boolean restoring =
                    next.asString().startsWith("v0") || !next.asString().startsWith("pending-");
            if (restoring && restoreFailures.getAndDecrement() > 0) {
                throw new IllegalStateException("restore failed for " + next.asString());
            }
            accepted = next;
            if (!restoring && setFailures.getAndDecrement() > 0) {
                throw new IllegalStateException("connection lost after setting " + next.asString());
            }
        }

        @Override
        public void testSecret(SecretValue pending) {
            if (testFailures.getAndDecrement() > 0 || !pending.equals(accepted)) {
                throw new IllegalStateException("login failed with " + pending.asString());
            }
        }

        boolean works(SecretValue value) {
            return value.equals(accepted);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void interruptedRotationKeepsAWorkingCurrentAndARetryCompletes(String backend, @TempDir Path dir) {
        try (Database db = KmsFixture.open(backend, dir)) {
            SecretsManager secrets = secrets(db, KmsEvents.NONE);
            String original = secrets.put("db", SecretValue.of("v0-original"));
            FlakyTarget target = new FlakyTarget(SecretValue.of("v0-original"));

            // GIVEN setSecret fails after the target switched THEN the target is set back and CURRENT still works.
            target.setFailures.set(1);
            KmsException e = catchThrowableOfType(KmsException.class, () -> secrets.rotate("db", target));
            assertThat(e.reason()).isEqualTo(KmsReason.ROTATION_FAILED);
            assertThat(e.getMessage())
                    .contains("setSecret")
                    .contains("IllegalStateException")
                    .doesNotContain("pending-");
            assertThat(secrets.get("db").versionId()).isEqualTo(original);
            assertThat(target.works(secrets.get("db").value())).isTrue();
            String pending = secrets.get("db", SecretLabel.PENDING).versionId();

            // GIVEN testSecret fails THEN the same: CURRENT unchanged and working, PENDING kept.
            target.testFailures.set(1);
            assertThat(catchThrowableOfType(KmsException.class, () -> secrets.rotate("db", target))
                            .getMessage())
                    .contains("testSecret");
            assertThat(target.works(secrets.get("db").value())).isTrue();
            assertThat(secrets.get("db", SecretLabel.PENDING).versionId()).isEqualTo(pending);

            // GIVEN a crash-like failure where even the restore fails THEN a retry resumes and completes.
            target.testFailures.set(1);
            target.restoreFailures.set(1);
            assertThat(catchThrowableOfType(KmsException.class, () -> secrets.rotate("db", target))
                            .getMessage())
                    .contains("could not be set back");
            assertThat(secrets.get("db").versionId()).isEqualTo(original);

            String promoted = secrets.rotate("db", target);
            assertThat(promoted).isEqualTo(pending);
            assertThat(target.created.get()).isEqualTo(1);
            assertThat(target.works(secrets.get("db").value())).isTrue();
            assertThat(secrets.get("db", SecretLabel.PREVIOUS).versionId()).isEqualTo(original);
            assertThat(secrets.describe("db").labels()).doesNotContainKey(SecretLabel.PENDING);

            // A rotator that fails to even create a value changes nothing.
            SecretRotator broken = current -> {
                throw new IllegalArgumentException("no entropy");
            };
            assertThat(catchThrowableOfType(KmsException.class, () -> secrets.rotate("db", broken))
                            .reason())
                    .isEqualTo(KmsReason.ROTATION_FAILED);
            assertThat(secrets.get("db").versionId()).isEqualTo(promoted);
        }
    }
}
