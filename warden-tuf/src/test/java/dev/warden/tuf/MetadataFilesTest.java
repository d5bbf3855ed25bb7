package dev.warden.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataFilesTest {
    private static final Map<String, String> HASHES = Map.of("sha512", "5f", "sha256", "2a");

    @Test
    void namesFilesAsConsistentSnapshotsRequire() {
        assertThat(MetadataFiles.root(3)).isEqualTo("3.root.json");
        assertThat(MetadataFiles.TIMESTAMP).isEqualTo("timestamp.json");
        assertThat(MetadataFiles.metadata("snapshot", 7, true)).isEqualTo("7.snapshot.json");
        assertThat(MetadataFiles.metadata("sensor", 7, true)).isEqualTo("7.sensor.json");
        assertThat(MetadataFiles.metadata("sensor", 7, false)).isEqualTo("sensor.json");
        assertThat(MetadataFiles.target("sensor/fw-1.0.bin", HASHES, true)).isEqualTo("sensor/2a.fw-1.0.bin");
        assertThat(MetadataFiles.target("welcome.txt", HASHES, true)).isEqualTo("2a.welcome.txt");
        assertThat(MetadataFiles.target("welcome.txt", Map.of("sha512", "5f"), true))
                .isEqualTo("5f.welcome.txt");
        assertThat(MetadataFiles.target("sensor/fw-1.0.bin", HASHES, false)).isEqualTo("sensor/fw-1.0.bin");
        assertThat(MetadataFiles.targetCopies("sensor/fw.bin", HASHES))
                .containsExactly("sensor/2a.fw.bin", "sensor/5f.fw.bin");
    }

    @Test
    void encodesRoleNamesAsEncodeUriComponentDoes() {
        // Expected values from node: encodeURIComponent("...").
        assertThat(MetadataFiles.encodeRoleName("sensor-v2_(beta).x!~*'")).isEqualTo("sensor-v2_(beta).x!~*'");
        assertThat(MetadataFiles.encodeRoleName("a b/../c")).isEqualTo("a%20b%2F..%2Fc");
        assertThat(MetadataFiles.encodeRoleName("caméra\n")).isEqualTo("cam%C3%A9ra%0A");
    }
}
