package dev.warden.pki.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.pki.CaHierarchy;
import dev.warden.pki.CaNames;
import dev.warden.pki.CertificateIssuer;
import dev.warden.pki.EncryptedKeyExport;
import dev.warden.pki.KeyExportCapability;
import dev.warden.pki.PkiException;
import dev.warden.pki.PkiReason;
import dev.warden.pki.SoftwareKeySource;
import dev.warden.testkit.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("openssl")
class CaStoreTest {
    private static final CaNames NAMES = new CaNames("eu-west-1", "default");

    @Test
    void initializePersistsWithOwnerOnlyKeysAndLoadsBack(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("pki");
        assertThat(CaStore.exists(dir, "eu-west-1")).isFalse();
        CaHierarchy created =
                CaStore.initialize(dir, NAMES, new SoftwareKeySource(), PrivateKeyFiles.plaintext(), Clock.systemUTC());
        assertThat(CaStore.exists(dir, "eu-west-1")).isTrue();

        for (String key : List.of("root.key", "issuing-eu-west-1.key", "ocsp-eu-west-1.key")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key))))
                    .as(key)
                    .isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        assertThat(Files.readString(dir.resolve("keys.properties"))).contains("type=software");

        CaHierarchy loaded = CaStore.load(dir, "eu-west-1", null, PrivateKeyFiles.plaintext());
        assertThat(loaded.root().certificate()).isEqualTo(created.root().certificate());
        assertThat(loaded.issuing().privateKey().getEncoded())
                .isEqualTo(created.issuing().privateKey().getEncoded());
        assertThat(loaded.ocsp().certificate()).isEqualTo(created.ocsp().certificate());
        new CertificateIssuer(loaded.issuing(), new SecureRandom(), Clock.systemUTC());

        assertThatThrownBy(() -> CaStore.initialize(
                        dir, NAMES, new SoftwareKeySource(), PrivateKeyFiles.plaintext(), Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CaStore.load(dir, "us-east-1", null, PrivateKeyFiles.plaintext()))
                .isInstanceOfSatisfying(
                        PkiException.class, e -> assertThat(e.reason()).isEqualTo(PkiReason.CA_NOT_AVAILABLE));
    }

    @Test
    void offlineRootWritesOpensslReadableExportAndRemovesRootKey(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("pki");
        CaHierarchy created =
                CaStore.initialize(dir, NAMES, new SoftwareKeySource(), PrivateKeyFiles.plaintext(), Clock.systemUTC());
        Path export = tmp.resolve("offline/root-key.pem");
        char[] passphrase = "correct horse battery staple".toCharArray();

        CaStore.offlineRoot(dir, PrivateKeyFiles.plaintext(), passphrase, export, KeyExportCapability.get());

        assertThat(dir.resolve("root.key")).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(export)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(export)).contains("BEGIN ENCRYPTED PRIVATE KEY");

        CaHierarchy loaded = CaStore.load(dir, "eu-west-1", null, PrivateKeyFiles.plaintext());
        assertThat(loaded.root().privateKey()).isNull();
        assertThat(loaded.root().certificate()).isEqualTo(created.root().certificate());
        assertThat(loaded.issuing().privateKey()).isNotNull();

        String out = openssl(
                tmp, "pkey", "-in", export.toString(), "-passin", "pass:correct horse battery staple", "-pubout");
        assertThat(out).contains("BEGIN PUBLIC KEY");
        String asn1 = openssl(tmp, "asn1parse", "-in", export.toString());
        assertThat(asn1)
                .contains("PBES2")
                .contains("PBKDF2")
                .contains("aes-256-cbc")
                .contains("hmacWithSHA256");
        assertThat(EncryptedKeyExport.importEncrypted(Files.readString(export), passphrase)
                        .getEncoded())
                .isEqualTo(created.root().privateKey().getEncoded());

        assertThatThrownBy(() -> CaStore.offlineRoot(
                        dir,
                        PrivateKeyFiles.plaintext(),
                        passphrase,
                        tmp.resolve("again.pem"),
                        KeyExportCapability.get()))
                .isInstanceOfSatisfying(
                        PkiException.class, e -> assertThat(e.reason()).isEqualTo(PkiReason.KEY_EXPORT_FAILED));
    }

    @Test
    void wrongPassphraseIsRefusedWithoutDetail(@TempDir Path tmp) throws Exception {
        CaHierarchy created = CaStore.initialize(
                tmp.resolve("pki"), NAMES, new SoftwareKeySource(), PrivateKeyFiles.plaintext(), Clock.systemUTC());
        String pem = EncryptedKeyExport.exportEncrypted(
                created.issuing().privateKey(), "secret-1".toCharArray(), KeyExportCapability.get());
        Files.writeString(tmp.resolve("k.pem"), pem);
        assertThatThrownBy(() -> EncryptedKeyExport.importEncrypted(pem, "secret-2".toCharArray()))
                .isInstanceOfSatisfying(PkiException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PkiReason.KEY_IMPORT_FAILED);
                    assertThat(e.getMessage()).doesNotContain("secret");
                    assertThat(e.getCause()).isNull();
                });
        List<String> command =
                List.of("/usr/bin/openssl", "pkey", "-in", "k.pem", "-passin", "pass:secret-2", "-noout");
        Processes.requireTool(command.get(0));
        Process process = new ProcessBuilder(command)
                .directory(tmp.toFile())
                .redirectErrorStream(true)
                .start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("openssl also refuses the wrong passphrase")
                .isNotZero();
    }

    @Test
    void renewOcspSignerReplacesFiles(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("pki");
        CaHierarchy created =
                CaStore.initialize(dir, NAMES, new SoftwareKeySource(), PrivateKeyFiles.plaintext(), Clock.systemUTC());
        CaHierarchy renewed = CaStore.renewOcspSigner(
                dir, created, new SoftwareKeySource(), PrivateKeyFiles.plaintext(), Clock.systemUTC());
        assertThat(renewed.ocsp().certificate()).isNotEqualTo(created.ocsp().certificate());
        CaHierarchy loaded = CaStore.load(dir, "eu-west-1", null, PrivateKeyFiles.plaintext());
        assertThat(loaded.ocsp().certificate()).isEqualTo(renewed.ocsp().certificate());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ocsp-eu-west-1.key"))))
                .isEqualTo("rw-------");
    }

    private static String openssl(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/openssl");
        command.addAll(List.of(args));
        Processes.requireTool(command.get(0));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
