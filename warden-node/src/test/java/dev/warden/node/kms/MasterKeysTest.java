package dev.warden.node.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.kms.MasterKey;
import dev.warden.node.NodeLayout;
import dev.warden.node.config.ConfigKey;
import dev.warden.node.config.ConfigLoader;
import dev.warden.node.config.WardenConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeysTest {
    private static final Map<String, String> ENV =
            Map.of(MasterKeyPassphrase.ENVIRONMENT_VARIABLE, "a long enough test passphrase");

    @TempDir
    Path dir;

    @Test
    void aNewFileIsMadeWithTheConfiguredCostAndKeepsItWhenTheSettingChanges() throws Exception {
        WardenConfig cheap = ConfigLoader.load(
                Map.of(ConfigKey.DATA, dir.toString(), ConfigKey.MASTER_KEY_KDF, "m=19456,t=2,p=1"), Map.of(), null);
        MasterKey created = MasterKeys.openOrCreate(cheap, ENV, new SecureRandom());
        assertThat(kdf()).isEqualTo(Map.of("memoryKiB", 19456, "iterations", 2, "parallelism", 1));

        // The default setting again: the existing file still opens with the cost it was made with.
        WardenConfig defaults = ConfigLoader.load(Map.of(ConfigKey.DATA, dir.toString()), Map.of(), null);
        MasterKey reopened = MasterKeys.openOrCreate(defaults, ENV, new SecureRandom());
        assertThat(reopened.keyId()).isEqualTo(created.keyId());
        assertThat(kdf()).containsEntry("memoryKiB", 19456);
    }

    @Test
    void theDefaultCostIsTheRecommendedOne() throws Exception {
        WardenConfig defaults = ConfigLoader.load(Map.of(ConfigKey.DATA, dir.toString()), Map.of(), null);
        MasterKeys.openOrCreate(defaults, ENV, new SecureRandom());
        assertThat(kdf()).isEqualTo(Map.of("memoryKiB", 65536, "iterations", 3, "parallelism", 1));
    }

    private Map<String, Integer> kdf() throws Exception {
        JsonNode file = new ObjectMapper()
                .readTree(new NodeLayout(dir).masterKey("eu-west-1").toFile())
                .path("kdf");
        return Map.of(
                "memoryKiB", file.path("memoryKiB").asInt(),
                "iterations", file.path("iterations").asInt(),
                "parallelism", file.path("parallelism").asInt());
    }
}
