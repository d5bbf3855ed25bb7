package dev.warden.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.kms.MasterKey;
import dev.warden.pki.store.PrivateKeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-sealing key files during a master-key rotation: nothing switches before the commit, a half-done switch completes. */
class SealedKeyRotationTest {
    private static final List<String> NAMES =
            List.of("audit-signing.key", "root.key", "server.key", "token-signing.key");
    private final MasterKey old = TestMasterKeys.create("mk-old", "eu-west-1");
    private final MasterKey next = TestMasterKeys.create("mk-new", "eu-west-1");
    private final Map<String, PrivateKey> keys = new LinkedHashMap<>();

    @TempDir
    Path dir;

    @BeforeEach
    void sealUnderTheOldKey() {
        for (String name : NAMES) {
            keys.put(name, SealedKeyFilesTest.newKey());
            new SealedKeyFiles(old).write(dir.resolve(name), keys.get(name));
        }
    }

    @Test
    void prepareThenCommitReSealsEveryFileUnderTheNewKey() throws Exception {
        // a plaintext file of an older node is sealed on the way
        PrivateKey legacy = SealedKeyFilesTest.newKey();
        PrivateKeyFiles.plaintext().write(dir.resolve("ocsp-eu-west-1.key"), legacy);
        keys.put("ocsp-eu-west-1.key", legacy);
        SealedKeyRotation rotation = new SealedKeyRotation(dir, old, next);

        assertThat(rotation.prepare()).isEqualTo(5);
        // before the commit the node still reads everything with the old key only
        assertReadableWith(old);
        assertThat(rotation.commit()).isEqualTo(5);

        assertReadableWith(next);
        assertThatThrownBy(() -> new SealedKeyFiles(old).read(dir.resolve("server.key")))
                .isInstanceOf(SealedKeyException.class);
        assertThat(pendingFiles()).isEmpty();
        assertThat(dir.resolve("ocsp-eu-west-1.key")).doesNotExist();
    }

    @Test
    void aSwitchInterruptedHalfwayIsCompletedByRunningBothStepsAgain() throws Exception {
        new SealedKeyRotation(dir, old, next).prepare();
        // "crash" after switching two of the four files
        for (String name : List.of("audit-signing.key", "root.key")) {
            Path sealed = dir.resolve(name + ".sealed");
            Files.move(
                    sealed.resolveSibling(sealed.getFileName() + ".new"),
                    sealed,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        // and leave a stale .new beside a switched file (e.g. from an earlier attempt)
        Files.writeString(dir.resolve("root.key.sealed.new"), "stale");

        SealedKeyRotation again = new SealedKeyRotation(dir, old, next);
        assertThat(again.prepare()).isEqualTo(2);
        assertThat(again.commit()).isEqualTo(2);

        assertReadableWith(next);
        assertThat(pendingFiles()).isEmpty();
    }

    @Test
    void aFileUnderNeitherKeyStopsTheRotationBeforeAnythingSwitches() {
        MasterKey stranger = TestMasterKeys.create("mk-other", "eu-west-1");
        new SealedKeyFiles(stranger).write(dir.resolve("token-signing.key"), SealedKeyFilesTest.newKey());

        assertThatThrownBy(() -> new SealedKeyRotation(dir, old, next).prepare())
                .isInstanceOfSatisfying(
                        SealedKeyException.class, e -> assertThat(e.file()).isEqualTo("token-signing.key.sealed"));
        assertThat(new SealedKeyFiles(old).read(dir.resolve("server.key")).getEncoded())
                .isEqualTo(keys.get("server.key").getEncoded());
    }

    private void assertReadableWith(MasterKey masterKey) {
        SealedKeyFiles files = new SealedKeyFiles(masterKey);
        keys.forEach((name, key) ->
                assertThat(files.read(dir.resolve(name)).getEncoded()).as(name).isEqualTo(key.getEncoded()));
    }

    private List<Path> pendingFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".new")).toList();
        }
    }
}
