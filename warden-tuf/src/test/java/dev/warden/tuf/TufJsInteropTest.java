package dev.warden.tuf;

import static dev.warden.tuf.TestRepository.FIRMWARE;
import static dev.warden.tuf.TestRepository.FIRMWARE_BYTES;
import static dev.warden.tuf.TestRepository.WELCOME;
import static dev.warden.tuf.TestRepository.WELCOME_BYTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.testkit.Processes;
import dev.warden.tuf.client.InMemoryTrustedStore;
import dev.warden.tuf.client.TrustedMetadata;
import dev.warden.tuf.client.TufClient;
import dev.warden.tuf.client.TufLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tuf-js, a TUF client Warden did not write (pinned in src/test/tufjs/package-lock.json), against repositories
 * Warden's TUF module writes, served over loopback HTTP; and Warden's own client against the same files from the
 * same server. tuf-js reading what Warden signs is the check that the formats (canonical JSON, key ids, DER
 * signatures, consistent snapshot names, delegations) are TUF's and not merely self-consistent; the two clients
 * refusing the same attacks, each for its own stated reason, is the check on the client.
 */
@Tag("node")
class TufJsInteropTest {
    private static final Path SCRIPT_DIR = Path.of("src", "test", "tufjs").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static HttpRepository http;

    @BeforeAll
    static void installTufJsAndServe() throws IOException {
        if (!Files.isDirectory(SCRIPT_DIR.resolve("node_modules").resolve("tuf-js"))) {
            // The pinned version from package-lock.json, from the npm registry (CI installs node and npm).
            Processes.Result install = Processes.run(SCRIPT_DIR, List.of("npm", "ci", "--no-audit", "--no-fund"), 180);
            assertThat(install.exitCode()).as(install.output()).isZero();
        }
        Files.createDirectories(dir.resolve("served"));
        http = new HttpRepository(dir.resolve("served"));
    }

    @AfterAll
    static void stopServing() {
        if (http != null) {
            http.close();
        }
    }

    @Test
    void bothClientsUpdateFromACurrentRepositoryAndDownloadTheSameTargets() throws IOException {
        InteropScenario scenario = InteropScenario.current(Instant.now());

        JsonNode tufJs = runTufJs(scenario);
        assertThat(tufJs.get("ok").asBoolean()).as(tufJs.toString()).isTrue();
        assertThat(tufJs.get("root").asInt()).isEqualTo(1);
        assertThat(downloadedByTufJs(tufJs, FIRMWARE)).isEqualTo(FIRMWARE_BYTES);
        assertThat(downloadedByTufJs(tufJs, WELCOME)).isEqualTo(WELCOME_BYTES);

        Map<String, byte[]> java = runJava(scenario);
        assertThat(java.get(FIRMWARE)).isEqualTo(FIRMWARE_BYTES);
        assertThat(java.get(WELCOME)).isEqualTo(WELCOME_BYTES);
    }

    @Test
    void bothClientsFollowARootThatRotatesTheTimestampKey() throws IOException {
        InteropScenario scenario = InteropScenario.rotatedTimestampKey(Instant.now());

        JsonNode tufJs = runTufJs(scenario);
        assertThat(tufJs.get("ok").asBoolean()).as(tufJs.toString()).isTrue();
        assertThat(tufJs.get("root").asInt()).isEqualTo(2);
        assertThat(tufJs.get("timestamp").asInt()).isEqualTo(2);
        assertThat(downloadedByTufJs(tufJs, FIRMWARE)).isEqualTo(FIRMWARE_BYTES);

        assertThat(runJava(scenario).get(FIRMWARE)).isEqualTo(FIRMWARE_BYTES);
    }

    @Test
    void bothClientsRefuseARolledBackSnapshot() throws IOException {
        InteropScenario scenario = InteropScenario.rolledBackSnapshot(Instant.now());
        assertRefusedByTufJs(scenario, "BadVersionError", "New snapshot version 1 is less than current version 2");
        assertRefusedByJava(scenario, TufReason.ROLLBACK, "names snapshot version 1, lower than the trusted version 2");
    }

    @Test
    void bothClientsRefuseASnapshotThatRollsBackTargets() throws IOException {
        InteropScenario scenario = InteropScenario.snapshotRollingBackTargets(Instant.now());
        // tuf-js wraps the BadVersionError of its snapshot step in a RuntimeError that quotes it.
        assertRefusedByTufJs(
                scenario,
                "RuntimeError",
                "Unable to load snapshot metadata error Error: New version 1 of targets.json is less than current version 2");
        assertRefusedByJava(
                scenario, TufReason.ROLLBACK, "lists targets.json version 1, lower than the trusted version 2");
    }

    @Test
    void bothClientsRefuseAnExpiredTimestamp() throws IOException {
        InteropScenario scenario = InteropScenario.expiredTimestamp(Instant.now());
        assertRefusedByTufJs(scenario, "ExpiredMetadataError", "Final timestamp.json is expired");
        assertRefusedByJava(scenario, TufReason.EXPIRED, "timestamp version 1 expired at");
    }

    @Test
    void bothClientsRefuseATargetWhoseHashDoesNotMatch() throws IOException {
        InteropScenario scenario = InteropScenario.targetHashMismatch(Instant.now());
        String listed = InteropScenario.firmwareSha256();
        assertRefusedByTufJs(scenario, "LengthOrHashMismatchError", "Expected hash " + listed + " but got ");
        assertRefusedByJava(scenario, TufReason.HASH_MISMATCH, "sha256 is ");
        assertRefusedByJava(scenario, TufReason.HASH_MISMATCH, "metadata lists '" + listed + "'");
    }

    @Test
    void bothClientsRefuseMetadataSignedWithARevokedKey() throws IOException {
        InteropScenario scenario = InteropScenario.revokedTimestampKey(Instant.now());
        assertRefusedByTufJs(scenario, "UnsignedMetadataError", "timestamp was signed by 0/1 keys");
        assertRefusedByJava(scenario, TufReason.UNKNOWN_KEY, "timestamp: signed only by keys not authorized for it");
    }

    private void assertRefusedByTufJs(InteropScenario scenario, String errorClass, String message) throws IOException {
        JsonNode result = runTufJs(scenario);
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isFalse();
        assertThat(result.get("error").asText()).as(result.toString()).isEqualTo(errorClass);
        assertThat(result.get("message").asText()).contains(message);
    }

    private void assertRefusedByJava(InteropScenario scenario, TufReason reason, String message) {
        TufException refusal = catchThrowableOfType(TufException.class, () -> runJava(scenario));
        assertThat(refusal).as("Warden's client refused " + scenario.name()).isNotNull();
        assertThat(refusal.reason()).as(refusal.getMessage()).isEqualTo(reason);
        assertThat(refusal).hasMessageContaining(message);
    }

    /** Every update of the scenario through tuf-js, one device (one metadata dir); returns the last one's result. */
    private JsonNode runTufJs(InteropScenario scenario) throws IOException {
        Path device = Files.createTempDirectory(dir, scenario.name() + "-tufjs-");
        Path metadata = Files.createDirectories(device.resolve("metadata"));
        Path targets = Files.createDirectories(device.resolve("targets"));
        Files.write(metadata.resolve("root.json"), scenario.shippedRoot());
        List<String> bases = serve(scenario);
        JsonNode result = null;
        for (int i = 0; i < bases.size(); i++) {
            if (result != null) {
                assertThat(result.get("ok").asBoolean())
                        .as("update %d: %s", i - 1, result)
                        .isTrue();
            }
            List<String> command = new ArrayList<>(List.of(
                    "node",
                    "update.mjs",
                    bases.get(i) + "metadata/",
                    bases.get(i) + "targets/",
                    metadata.toString(),
                    targets.toString()));
            command.addAll(scenario.targets());
            Processes.Result run = Processes.run(SCRIPT_DIR, command, 60);
            result = lastJsonLine(run.output());
            assertThat(run.exitCode())
                    .as(run.output())
                    .isEqualTo(result.get("ok").asBoolean() ? 0 : 1);
        }
        return result;
    }

    /** The same updates through Warden's client, reading the same files from the same server. */
    private Map<String, byte[]> runJava(InteropScenario scenario) throws IOException {
        InMemoryTrustedStore store = new InMemoryTrustedStore(scenario.shippedRoot());
        Map<String, byte[]> downloaded = new LinkedHashMap<>();
        for (String base : serve(scenario)) {
            TufClient client = new TufClient(http.metadataSource(base + "metadata/"), store, TufLimits.defaults());
            TrustedMetadata trusted = client.refresh(Instant.now());
            for (String path : scenario.targets()) {
                downloaded.put(
                        path, trusted.download(trusted.requireTarget(path), http.targetSource(base + "targets/")));
            }
        }
        return downloaded;
    }

    /** Lays each repository state out under the served directory (once) and returns their base URLs. */
    private List<String> serve(InteropScenario scenario) {
        List<String> bases = new ArrayList<>();
        for (int i = 0; i < scenario.updates().size(); i++) {
            String relative = scenario.name() + "/" + i;
            Path stateDir = dir.resolve("served").resolve(relative);
            if (!Files.isDirectory(stateDir)) {
                scenario.updates().get(i).writeTo(stateDir);
            }
            bases.add(http.url(relative));
        }
        return bases;
    }

    private static byte[] downloadedByTufJs(JsonNode result, String path) throws IOException {
        return Files.readAllBytes(
                Path.of(result.get("targets").get(path).get("file").asText()));
    }

    private static JsonNode lastJsonLine(String output) throws IOException {
        String[] lines = output.strip().split("\n");
        String last = lines[lines.length - 1];
        assertThat(last).as(output).startsWith("{\"ok\":");
        return JSON.readTree(last);
    }
}
