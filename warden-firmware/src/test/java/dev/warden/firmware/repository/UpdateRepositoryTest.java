package dev.warden.firmware.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.firmware.FirmwareRelease;
import dev.warden.storage.Database;
import dev.warden.testkit.MutableClock;
import dev.warden.tuf.TopLevelRole;
import dev.warden.tuf.TufException;
import dev.warden.tuf.TufKey;
import dev.warden.tuf.TufReason;
import dev.warden.tuf.TufSigner;
import dev.warden.tuf.client.InMemoryTrustedStore;
import dev.warden.tuf.client.TrustedMetadata;
import dev.warden.tuf.client.TufClient;
import dev.warden.tuf.client.TufLimits;
import dev.warden.tuf.version.FirmwareVersion;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository's metadata as a TUF client reads it: the SDK's own (warden-tuf), over the files as served. */
class UpdateRepositoryTest {
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final Map<TopLevelRole, TufSigner> signers = new EnumMap<>(TopLevelRole.class);
    /** Keys replaced but still able to sign, by key id. */
    private final Map<String, TufSigner> retired = new java.util.HashMap<>();

    private Database db;
    private UpdateRepository repository;

    @BeforeEach
    void start() throws Exception {
        for (TopLevelRole role : TopLevelRole.values()) {
            signers.put(role, signer());
        }
        db = Database.open(null, dir);
        RepositoryKeys keys = new RepositoryKeys() {
            @Override
            public TufSigner signer(TopLevelRole role) {
                return signers.get(role);
            }

            @Override
            public Optional<TufSigner> byKeyId(String keyId) {
                return Optional.ofNullable(retired.get(keyId)).or(() -> RepositoryKeys.super.byKeyId(keyId));
            }
        };
        repository = new UpdateRepository(db, "eu-west-1", keys, Expiries.defaults(), clock);
    }

    @AfterEach
    void stop() {
        db.close();
    }

    @Test
    void aDeviceFindsEachReleaseWithTheHashesOfItsImageAndNoRevokedOne() throws Exception {
        byte[] image = "image 2.4.0".getBytes();
        repository.publish("sensor", List.of(release("2.4.0", image, false), release("2.3.0", "old".getBytes(), true)));

        TrustedMetadata trusted = client(root(1)).refresh(clock.instant());

        var target = trusted.requireTarget("sensor/2.4.0/firmware.bin");
        assertThat(target.file().length()).isEqualTo(image.length);
        assertThat(target.file().hashes()).containsEntry("sha256", hex("SHA-256", image));
        assertThat(target.file().custom().orElseThrow().path("minVersion").asText())
                .isEqualTo("2.0.0");
        assertThat(trusted.findTarget("sensor/2.3.0/firmware.bin")).isEmpty();
        assertThat(trusted.download(target, (path, max) -> Optional.of(image))).isEqualTo(image);
        assertThat(repository.file("sensor", "../x.json")).isEmpty();
        assertThat(repository.file("camera", "1.root.json")).isEmpty();
    }

    @Test
    void metadataAboutToExpireIsSignedAgainAndAFrozenDeviceNoticesTheOldOne() throws Exception {
        repository.publish("sensor", List.of(release("1.0", "v1".getBytes(), false)));
        byte[] firstTimestamp = repository.file("sensor", "timestamp.json").orElseThrow();

        clock.advance(Duration.ofHours(17)); // more than two thirds of the timestamp's day
        assertThat(repository.renew()).isEqualTo(1);
        clock.advance(Duration.ofHours(8));

        assertThat(client(root(1)).refresh(clock.instant()).timestamp().version())
                .isEqualTo(2);
        TufException frozen = catchThrowableOfType(
                TufException.class,
                () -> client(root(1), "timestamp.json", firstTimestamp).refresh(clock.instant()));
        assertThat(frozen.reason()).isEqualTo(TufReason.EXPIRED);
        assertThat(repository.renew()).isZero();
    }

    @Test
    void aRotatedTimestampKeyGetsANewRootThatDevicesWalkTo() throws Exception {
        repository.publish("sensor", List.of(release("1.0", "v1".getBytes(), false)));
        byte[] shippedRoot = root(1);
        InMemoryTrustedStore store = new InMemoryTrustedStore(shippedRoot);
        new TufClient(source(), store, TufLimits.defaults()).refresh(clock.instant());

        signers.put(TopLevelRole.TIMESTAMP, signer());
        repository.publish(
                "sensor", List.of(release("1.0", "v1".getBytes(), false), release("1.1", "v2".getBytes(), false)));

        TrustedMetadata trusted = new TufClient(source(), store, TufLimits.defaults()).refresh(clock.instant());
        assertThat(trusted.root().version()).isEqualTo(2);
        assertThat(trusted.findTarget("sensor/1.1/firmware.bin")).isPresent();
    }

    @Test
    void aNewRootKeyIsVouchedForByTheOldOneAndDevicesFollowIt() throws Exception {
        repository.publish("sensor", List.of(release("1.0", "v1".getBytes(), false)));
        InMemoryTrustedStore store = new InMemoryTrustedStore(root(1));
        new TufClient(source(), store, TufLimits.defaults()).refresh(clock.instant());

        TufSigner old = signers.get(TopLevelRole.ROOT);
        retired.put(old.key().keyId(), old);
        signers.put(TopLevelRole.ROOT, signer());
        repository.publish(
                "sensor", List.of(release("1.0", "v1".getBytes(), false), release("1.1", "v2".getBytes(), false)));

        TrustedMetadata trusted = new TufClient(source(), store, TufLimits.defaults()).refresh(clock.instant());
        assertThat(trusted.root().version()).isEqualTo(2);
        assertThat(trusted.root().role(TopLevelRole.ROOT).keyIds())
                .containsExactly(signers.get(TopLevelRole.ROOT).key().keyId());
    }

    @Test
    void aRootKeyReplacedWithoutTheOldOneStillSigningPublishesNothing() throws Exception {
        repository.publish("sensor", List.of(release("1.0", "v1".getBytes(), false)));
        signers.put(TopLevelRole.ROOT, signer()); // the old root key is gone

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> repository.publish("sensor", List.of(release("1.1", "v2".getBytes(), false))))
                .hasMessageContaining("the previous root key");
        assertThat(repository.file("sensor", "2.root.json")).isEmpty();
        assertThat(repository.file("sensor", "2.targets.json")).isEmpty();
    }

    private TufClient client(byte[] root) {
        return new TufClient(source(), new InMemoryTrustedStore(root), TufLimits.defaults());
    }

    /** A client whose mirror serves {@code replaced} as {@code name} (a freeze attack) and the rest as published. */
    private TufClient client(byte[] root, String name, byte[] replaced) {
        return new TufClient(
                (file, max) -> file.equals(name) ? Optional.of(replaced) : repository.file("sensor", file),
                new InMemoryTrustedStore(root),
                TufLimits.defaults());
    }

    private dev.warden.tuf.client.MetadataSource source() {
        return (file, max) -> repository.file("sensor", file);
    }

    private byte[] root(long version) {
        return repository.file("sensor", version + ".root.json").orElseThrow();
    }

    private static FirmwareRelease release(String version, byte[] image, boolean revoked) throws Exception {
        return new FirmwareRelease(
                "sensor",
                FirmwareVersion.parse(version),
                FirmwareVersion.parse(version.startsWith("2") ? "2.0.0" : version),
                image.length,
                hex("SHA-256", image),
                hex("SHA-512", image),
                List.of(),
                1,
                T0,
                "user/alice",
                revoked ? Optional.of(new FirmwareRelease.Revocation(T0, "user/bob", "bad")) : Optional.empty());
    }

    private static TufSigner signer() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        TufKey key = TufKey.ecdsaP256(pair.getPublic());
        return new TufSigner() {
            @Override
            public TufKey key() {
                return key;
            }

            @Override
            public byte[] sign(byte[] message) {
                try {
                    Signature s = Signature.getInstance("SHA256withECDSA");
                    s.initSign(pair.getPrivate());
                    s.update(message);
                    return s.sign();
                } catch (java.security.GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
