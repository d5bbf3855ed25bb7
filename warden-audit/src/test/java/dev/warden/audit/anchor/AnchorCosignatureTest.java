package dev.warden.audit.anchor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.audit.witness.Cosignature;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cosignature lines are part of the anchor file: read back as such, never reported as malformed. */
class AnchorCosignatureTest {
    @TempDir
    Path dir;

    @Test
    void cosignatureLinesAreReadBackAndAnEpochSupersedesThem() {
        Cosignature cosignature = new Cosignature(
                "eu-west-1", 3, 10, "ab".repeat(32), "cd".repeat(32), 42L, "ef".repeat(32), "c2lnbmF0dXJl");
        try (AnchorFile file = AnchorFile.open(dir, "eu-west-1")) {
            file.head(new AnchoredHead("eu-west-1", 10, "aa".repeat(32), 1L));
            file.cosignature(cosignature);
        }
        AnchorLog log = AnchorLog.read(dir, "eu-west-1");
        assertThat(log.malformed()).isEmpty();
        assertThat(log.cosignatures()).containsExactly(cosignature);

        try (AnchorFile file = AnchorFile.open(dir, "eu-west-1")) {
            file.epoch(new EpochStart("eu-west-1", 1, 10, "aa".repeat(32), "test", 11, 12, 2L));
        }
        AnchorLog after = AnchorLog.read(dir, "eu-west-1");
        assertThat(after.malformed()).isEmpty();
        assertThat(after.cosignatures()).isEmpty();
    }
}
