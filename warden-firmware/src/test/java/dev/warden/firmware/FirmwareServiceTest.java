package dev.warden.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.buckets.BucketStore;
import dev.warden.firmware.images.ImageStore;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.masterkey.KdfParameters;
import dev.warden.kms.masterkey.MasterKeyFile;
import dev.warden.kms.node.DefaultKey;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Releases against a real database, KMS and bucket store. */
class FirmwareServiceTest {
    @TempDir
    Path dir;

    private Database db;
    private BucketStore buckets;
    private FirmwareService firmware;
    private final List<String> changed = new ArrayList<>();

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
        buckets = new BucketStore(db, kms, DefaultKey.NAME, "default", Clock.systemUTC());
        firmware = new FirmwareService(db, new ImageStore(buckets), "eu-west-1", Clock.systemUTC());
        firmware.listener(changed::add);
    }

    @AfterEach
    void stop() {
        db.close();
    }

    @Test
    void anImageLargerThanABucketObjectIsStoredEncryptedInPartsAndReadBackWhole() throws Exception {
        byte[] image = image(BucketStore.MAX_OBJECT_BYTES * 2 + 1000);

        FirmwareRelease release =
                firmware.publish(new PublishRequest("sensor", "2.4.0", "2.0.0", List.of("rev-b"), image), "user/alice");

        assertThat(release.parts()).isEqualTo(3);
        assertThat(release.length()).isEqualTo(image.length);
        assertThat(release.sha256()).isEqualTo(hex("SHA-256", image));
        assertThat(release.sha512()).isEqualTo(hex("SHA-512", image));
        assertThat(release.targetPath()).isEqualTo("sensor/2.4.0/firmware.bin");
        assertThat(firmware.image("sensor", "2.4.0")).isEqualTo(image);
        assertThat(firmware.release("sensor", "2.4").minVersion()).hasToString("2.0.0");
        assertThat(buckets.list(ImageStore.BUCKET, "images/sensor/2.4.0/", null, 10))
                .hasSize(3);
        assertThat(changed).containsExactly("sensor");
    }

    @Test
    void aPublishedReleaseIsNeverReplacedNotEvenUnderAnotherSpellingOfItsVersion() {
        byte[] first = image(1000);
        firmware.publish(new PublishRequest("sensor", "2.4.0", null, null, first), "user/alice");

        refused(
                () -> firmware.publish(new PublishRequest("sensor", "2.4", null, null, image(2000)), "user/mallory"),
                FirmwareReason.RELEASE_EXISTS);

        assertThat(firmware.image("sensor", "2.4.0")).isEqualTo(first);
        assertThat(firmware.list("sensor")).hasSize(1);
    }

    @Test
    void aRefusedPublishStoresNothing() {
        refused(
                () -> firmware.publish(new PublishRequest("sensor", "1.0", "2.0", null, image(10)), "user/alice"),
                FirmwareReason.MIN_VERSION_ABOVE_VERSION);
        refused(
                () -> firmware.publish(new PublishRequest("../etc", "1.0", null, null, image(10)), "user/alice"),
                FirmwareReason.INVALID_THING_TYPE);
        refused(
                () -> firmware.publish(new PublishRequest("sensor", "1.0", null, List.of("a b"), image(10)), "a"),
                FirmwareReason.INVALID_HARDWARE);
        refused(
                () -> firmware.publish(new PublishRequest("sensor", "1.0", null, null, new byte[0]), "user/alice"),
                FirmwareReason.IMAGE_EMPTY);

        assertThat(firmware.list(null)).isEmpty();
        assertThat(changed).isEmpty();
    }

    @Test
    void aRevokedReleaseStaysKnownButItsImageIsNoLongerServed() {
        firmware.publish(new PublishRequest("sensor", "2.4.0", null, null, image(100)), "user/alice");
        firmware.publish(new PublishRequest("sensor", "2.5.0", null, null, image(100)), "user/alice");

        FirmwareRelease revoked = firmware.revoke("sensor", "2.4.0", "boot loop on rev-a boards", "user/bob");

        assertThat(revoked.revocation())
                .get()
                .extracting(FirmwareRelease.Revocation::by)
                .isEqualTo("user/bob");
        assertThat(firmware.list("sensor"))
                .extracting(r -> r.version() + " " + r.revoked())
                .containsExactly("2.5.0 false", "2.4.0 true");
        refused(() -> firmware.image("sensor", "2.4.0"), FirmwareReason.RELEASE_REVOKED);
        refused(() -> firmware.revoke("sensor", "2.4.0", "again", "user/bob"), FirmwareReason.RELEASE_REVOKED);
        refused(() -> firmware.revoke("sensor", "2.5.0", " ", "user/bob"), FirmwareReason.INVALID_REASON);
        refused(() -> firmware.revoke("sensor", "9.9", "x", "user/bob"), FirmwareReason.NO_SUCH_RELEASE);
        assertThat(changed).containsExactly("sensor", "sensor", "sensor");
    }

    @Test
    void anImageAlteredInItsBucketIsRefusedRatherThanServed() {
        FirmwareRelease release =
                firmware.publish(new PublishRequest("sensor", "3.0.0", null, null, image(5000)), "user/alice");
        String part = buckets.list(ImageStore.BUCKET, "images/sensor/3.0.0/", null, 10)
                .get(0)
                .key();

        // Someone with write access to the bucket swaps the image: the bucket store accepts it, the release does not.
        buckets.put(ImageStore.BUCKET, part, image(5000), "application/octet-stream");

        refused(() -> firmware.image("sensor", "3.0.0"), FirmwareReason.IMAGE_CORRUPT);
        assertThat(release.revoked()).isFalse();
    }

    private static void refused(ThrowingCallable call, FirmwareReason reason) {
        assertThatThrownBy(call)
                .isInstanceOf(FirmwareException.class)
                .extracting(e -> ((FirmwareException) e).reason())
                .isEqualTo(reason);
    }

    private static final Random RANDOM = new Random();

    private static byte[] image(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
