package dev.warden.tuf.client;

import static dev.warden.tuf.TestRepository.FIRMWARE;
import static dev.warden.tuf.TestRepository.FIRMWARE_BYTES;
import static dev.warden.tuf.TestRepository.WELCOME;
import static dev.warden.tuf.TestRepository.WELCOME_BYTES;
import static dev.warden.tuf.TopLevelRole.SNAPSHOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.tuf.Hashes;
import dev.warden.tuf.MetaFile;
import dev.warden.tuf.MetadataFiles;
import dev.warden.tuf.RepositoryState;
import dev.warden.tuf.Tamper;
import dev.warden.tuf.TargetFile;
import dev.warden.tuf.TestRepository;
import dev.warden.tuf.TufReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Spec 5.6 and 5.7: top-level and delegated targets metadata, the delegation search, and target downloads. */
class TargetsTest {
    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private final TestRepository repo = new TestRepository(NOW);
    private final Device device = new Device(repo.root(1), NOW);

    @Test
    void findsTopLevelAndDelegatedTargetsAndDownloadsThem() {
        RepositoryState state = repo.publish();
        TrustedMetadata trusted = device.refresh(state);

        TargetInfo firmware = trusted.requireTarget(FIRMWARE);
        assertThat(firmware.role()).isEqualTo("sensor");
        assertThat(trusted.download(firmware, state.targetSource())).isEqualTo(FIRMWARE_BYTES);
        TargetInfo welcome = trusted.requireTarget(WELCOME);
        assertThat(welcome.role()).isEqualTo("targets");
        assertThat(trusted.download(welcome, state.targetSource())).isEqualTo(WELCOME_BYTES);
        assertThat(trusted.findTarget("camera/fw-1.0.bin")).isEmpty();
    }

    @Test
    void handsTheTargetsCustomDataToTheCaller() {
        ObjectNode custom = JsonNodeFactory.instance.objectNode().put("firmware_version", 12);
        repo.addTarget("sensor", FIRMWARE, FIRMWARE_BYTES, TargetFile.of(FIRMWARE_BYTES, Optional.of(custom)));
        TrustedMetadata trusted = device.refresh(repo.publish());
        assertThat(trusted.requireTarget(FIRMWARE).file().custom()).contains(custom);
    }

    @Test
    void refusesTargetsOfAnotherVersionThanTheSnapshotLists() {
        RepositoryState state = repo.publish();
        Map<String, MetaFile> meta = TestRepository.metaOf(state.metadata("1.snapshot.json"));
        meta.put("targets.json", MetaFile.versionOnly(1));
        RepositoryState mixed = publishSnapshot(
                state.withMetadata("1.targets.json", repo.targetsFile(2, repo.targetsExpires)), 2, meta);
        device.refused(mixed, TufReason.VERSION_MISMATCH, "1.targets.json holds version 2, snapshot lists 1");
    }

    @Test
    void refusesTargetsWhoseHashIsNotTheSnapshots() {
        RepositoryState state = repo.publish();
        byte[] other = Tamper.sameLengthOtherBytes(state.metadata("1.targets.json"));
        device.refused(
                state.withMetadata("1.targets.json", other), TufReason.HASH_MISMATCH, "targets.json version 1: sha256");
    }

    @Test
    void refusesExpiredTargets() {
        repo.targetsExpires = NOW.minus(Duration.ofSeconds(1));
        device.refused(repo.publish(), TufReason.EXPIRED, "targets.json version 1 expired");
    }

    @Test
    void refusesTopLevelTargetsSignedByTheSnapshotKey() {
        RepositoryState state = repo.publish();
        Map<String, MetaFile> meta = TestRepository.metaOf(state.metadata("1.snapshot.json"));
        byte[] targets = repo.targetsFile(2, repo.targetsExpires, List.of(repo.key(SNAPSHOT)));
        meta.put("targets.json", MetaFile.of(2, targets));
        device.refused(
                publishSnapshot(state.withMetadata("2.targets.json", targets), 2, meta),
                TufReason.UNKNOWN_KEY,
                "targets.json version 2: signed only by keys not authorized");
    }

    @Test
    void refusesAThingTypesMetadataSignedByAnotherThingTypesKey() {
        // GIVEN the camera role's key signs metadata for the sensor role
        RepositoryState state = repo.publish();
        byte[] sensor = repo.delegatedFile("sensor", 2, repo.delegatedExpires, repo.delegatedKey("camera"));
        Map<String, MetaFile> meta = TestRepository.metaOf(state.metadata("1.snapshot.json"));
        meta.put("sensor.json", MetaFile.of(2, sensor));
        TrustedMetadata trusted = device.refresh(publishSnapshot(state.withMetadata("2.sensor.json", sensor), 2, meta));
        // THEN looking a sensor target up refuses it, and a camera key can vouch for no sensor firmware
        Device.refused(
                () -> trusted.findTarget(FIRMWARE),
                TufReason.UNKNOWN_KEY,
                "sensor.json version 2: signed only by keys");
        assertThat(trusted.requireTarget(WELCOME).role()).isEqualTo("targets");
    }

    @Test
    void refusesADelegatedRoleTheSnapshotDoesNotList() {
        RepositoryState state = repo.publish();
        Map<String, MetaFile> meta = TestRepository.metaOf(state.metadata("1.snapshot.json"));
        meta.remove("sensor.json");
        TrustedMetadata trusted = device.refresh(publishSnapshot(state, 2, meta));
        Device.refused(
                () -> trusted.findTarget(FIRMWARE), TufReason.MISSING, "snapshot version 2 does not list sensor.json");
    }

    @Test
    void refusesExpiredDelegatedMetadataOnlyForItsOwnPaths() {
        repo.delegatedExpires = NOW.minus(Duration.ofDays(1));
        RepositoryState state = repo.publish();
        TrustedMetadata trusted = device.refresh(state);
        Device.refused(() -> trusted.findTarget(FIRMWARE), TufReason.EXPIRED, "sensor.json version 1 expired");
        assertThat(trusted.download(trusted.requireTarget(WELCOME), state.targetSource()))
                .isEqualTo(WELCOME_BYTES);
    }

    @Test
    void trustsARoleOnlyForThePathsDelegatedToIt() {
        // GIVEN the camera role lists a target under sensor/, which only the sensor role may describe
        byte[] evil = "not sensor firmware".getBytes(StandardCharsets.UTF_8);
        repo.addTarget("camera", "sensor/evil.bin", evil, TargetFile.of(evil, Optional.empty()));
        TrustedMetadata trusted = device.refresh(repo.publish());
        // THEN the device does not find it
        Device.refused(() -> trusted.requireTarget("sensor/evil.bin"), TufReason.UNKNOWN_TARGET, "sensor%2Fevil.bin");
    }

    @Test
    void refusesAnUnknownTarget() {
        TrustedMetadata trusted = device.refresh(repo.publish());
        Device.refused(() -> trusted.requireTarget("sensor/fw-9.9.bin"), TufReason.UNKNOWN_TARGET, "fw-9.9.bin");
    }

    @Test
    void refusesATargetWhoseBytesDifferFromTheMetadata() {
        RepositoryState state = repo.publish();
        String name = MetadataFiles.target(FIRMWARE, Hashes.of(FIRMWARE_BYTES), true);
        assertThat(name).startsWith("sensor/").endsWith(".fw-1.0.bin");
        RepositoryState swapped = state.withTarget(name, Tamper.lastByteChanged(FIRMWARE_BYTES));
        Device.refused(
                () -> device.download(swapped, FIRMWARE),
                TufReason.HASH_MISMATCH,
                "target sensor%2Ffw-1.0.bin: sha256");
    }

    @Test
    void checksEveryListedHash() {
        // A listed SHA-512 that does not match is refused even though the SHA-256 does.
        Map<String, String> hashes = new TreeMap<>(Hashes.of(FIRMWARE_BYTES));
        hashes.put("sha512", "00".repeat(64));
        repo.addTarget(
                "sensor", FIRMWARE, FIRMWARE_BYTES, new TargetFile(FIRMWARE_BYTES.length, hashes, Optional.empty()));
        RepositoryState state = repo.publish();
        Device.refused(() -> device.download(state, FIRMWARE), TufReason.HASH_MISMATCH, "sha512");

        hashes.put("sha512", Hashes.of(FIRMWARE_BYTES).get("sha512"));
        hashes.put("md5", "00".repeat(16));
        repo.addTarget(
                "sensor", FIRMWARE, FIRMWARE_BYTES, new TargetFile(FIRMWARE_BYTES.length, hashes, Optional.empty()));
        RepositoryState unsupported = repo.publish();
        Device.refused(
                () -> device.download(unsupported, FIRMWARE),
                TufReason.HASH_MISMATCH,
                "cannot check hash algorithm 'md5'");
    }

    @Test
    void refusesATargetOfAnotherLength() {
        RepositoryState state = repo.publish();
        String name = MetadataFiles.target(FIRMWARE, Hashes.of(FIRMWARE_BYTES), true);
        byte[] longer = Arrays.copyOf(FIRMWARE_BYTES, FIRMWARE_BYTES.length + 10);
        Device.refused(
                () -> device.download(state.withTarget(name, longer), FIRMWARE),
                TufReason.LENGTH_MISMATCH,
                "is longer than the " + FIRMWARE_BYTES.length + " bytes listed");
        byte[] shorter = Arrays.copyOf(FIRMWARE_BYTES, FIRMWARE_BYTES.length - 1);
        Device.refused(
                () -> device.download(state.withTarget(name, shorter), FIRMWARE),
                TufReason.LENGTH_MISMATCH,
                "metadata lists " + FIRMWARE_BYTES.length);
    }

    @Test
    void refusesAMissingTarget() {
        String name = MetadataFiles.target(FIRMWARE, Hashes.of(FIRMWARE_BYTES), true);
        RepositoryState state = repo.publish().withoutTarget(name);
        Device.refused(() -> device.download(state, FIRMWARE), TufReason.MISSING, "is not on the repository");
    }

    private RepositoryState publishSnapshot(RepositoryState state, long version, Map<String, MetaFile> meta) {
        byte[] snapshot = repo.snapshotFile(version, meta, repo.snapshotExpires);
        return state.withMetadata(version + ".snapshot.json", snapshot)
                .withMetadata(
                        "timestamp.json",
                        repo.timestampFile(version, MetaFile.of(version, snapshot), repo.timestampExpires));
    }
}
