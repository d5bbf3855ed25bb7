package dev.warden.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.ServerCredentials;
import dev.warden.pki.CaHierarchy;
import dev.warden.pki.CaHierarchyBuilder;
import dev.warden.pki.CaNames;
import dev.warden.pki.CertificateIssuer;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.pki.SoftwareKeySource;
import dev.warden.storage.SecureFiles;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway rebuilds its TLS context whenever its credentials supplier hands out a different object: the supplier
 * must hand out the same one while the files are unchanged, and the renewed one after a rotation. The key is sealed
 * (server.key.sealed), as on a node.
 */
class ServerCredentialFilesTest {
    private static final CaHierarchy CA =
            CaHierarchyBuilder.create(new CaNames("eu-west-1", "default"), new SoftwareKeySource(), Clock.systemUTC());

    private static final SealedKeyFiles KEYS = new SealedKeyFiles(TestMasterKeys.create("mk-test", "eu-west-1"));

    @TempDir
    Path dir;

    @Test
    void unchangedFilesGiveTheSameCredentials() {
        writeNewCredentials();
        ServerCredentialFiles files = new ServerCredentialFiles(KEYS, key(), chain());

        assertThat(files.get()).isSameAs(files.get());
    }

    @Test
    void aRotationIsPickedUpByTheNextCall() throws InterruptedException {
        X509Certificate first = writeNewCredentials();
        ServerCredentialFiles files = new ServerCredentialFiles(KEYS, key(), chain());
        assertThat(files.get().chain().get(0)).isEqualTo(first);
        // Modification times move in clock ticks; a real renewal comes long after the files were last written.
        Thread.sleep(50);

        X509Certificate renewed = writeNewCredentials();

        assertThat(files.get().chain().get(0)).isEqualTo(renewed);
    }

    @Test
    void unreadableNewFilesKeepThePreviousCredentials() {
        writeNewCredentials();
        ServerCredentialFiles files = new ServerCredentialFiles(KEYS, key(), chain());
        ServerCredentials before = files.get();

        SecureFiles.writePublic(chain(), "not a certificate");

        assertThat(files.get()).isSameAs(before);
        assertThat(files.get()).isSameAs(before);
    }

    private X509Certificate writeNewCredentials() {
        KeyPair keys = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        X509Certificate cert = new CertificateIssuer(CA.issuing(), new SecureRandom(), Clock.systemUTC())
                .issueServer(
                        "localhost", List.of("localhost"), List.of("127.0.0.1"), keys.getPublic(), Duration.ofDays(1));
        KEYS.write(key(), keys.getPrivate());
        SecureFiles.writePublic(chain(), Pem.encode(List.of(cert, CA.issuing().certificate())));
        return cert;
    }

    private Path key() {
        return dir.resolve("server.key");
    }

    private Path chain() {
        return dir.resolve("server.crt");
    }
}
