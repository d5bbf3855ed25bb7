package dev.warden.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.pki.Pem;
import dev.warden.testkit.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {
    static TestCa ca;

    @TempDir
    Path dir;

    @BeforeAll
    static void ca() {
        ca = TestCa.create("trusted");
    }

    @Test
    void savesInTheCliLayoutWithAPrivateKeyFileAndLoadsBack() throws Exception {
        DeviceCredentials credentials = TestCredentials.device(ca.newDevice("dev-1", Duration.ofDays(1)));
        CredentialStore store = CredentialStore.open(dir.resolve("dev-1"), "dev-1");
        assertThat(store.exists()).isFalse();

        store.save(credentials);

        assertThat(store.exists()).isTrue();
        assertThat(store.keyFile()).hasFileName("dev-1.key");
        assertThat(store.certificateFile()).hasFileName("dev-1.crt");
        assertThat(store.chainFile()).hasFileName("ca-chain.pem");
        assertThat(Files.getPosixFilePermissions(store.keyFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        DeviceCredentials loaded = store.load();
        assertThat(loaded.certificate()).isEqualTo(credentials.certificate());
        // The same key, compared by its secret scalar: the store may load it with another JCA provider than the one
        // that made it, and PKCS#8 lets them encode the optional curve parameters differently.
        assertThat(((ECPrivateKey) loaded.privateKey()).getS())
                .isEqualTo(((ECPrivateKey) credentials.privateKey()).getS());
        assertThat(loaded.caChain()).isEqualTo(ca.caChain());
        assertThat(loaded.presentedChain())
                .containsExactly(credentials.certificate(), ca.caChain().get(0));
        assertThat(store.previous()).isNull();
        try (var files = Files.list(store.directory())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("dev-1.key", "dev-1.crt", "ca-chain.pem");
        }
    }

    @Test
    void nothingPrintableShowsTheKey() {
        DeviceCredentials credentials = TestCredentials.device(ca.newDevice("dev-2", Duration.ofDays(1)));
        String keyBase64 =
                Base64.getEncoder().encodeToString(credentials.privateKey().getEncoded());

        assertThat(credentials.toString())
                .doesNotContain(keyBase64.substring(0, 16))
                .doesNotContain("PRIVATE")
                .contains("dev-2");
        assertThat(ProvisioningClaim.token("wdn_enroll_secret123").toString()).doesNotContain("secret123");
        assertThat(ProvisioningClaim.certificate(credentials.privateKey(), credentials.presentedChain())
                        .toString())
                .doesNotContain(keyBase64.substring(0, 16));
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsRefused() throws Exception {
        DeviceCredentials a = TestCredentials.device(ca.newDevice("dev-3", Duration.ofDays(1)));
        DeviceCredentials b = TestCredentials.device(ca.newDevice("dev-3", Duration.ofDays(1)));
        CredentialStore store = CredentialStore.open(dir, "dev-3");
        store.save(a);
        Files.writeString(store.certificateFile(), Pem.encode(b.certificate()));

        assertThatThrownBy(store::load)
                .isInstanceOfSatisfying(
                        DeviceException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeviceErrorReason.CREDENTIALS_INVALID));
        assertThatThrownBy(() -> new DeviceCredentials("dev-3", a.privateKey(), b.certificate(), ca.caChain()))
                .isInstanceOf(DeviceException.class);
    }

    @Test
    void stagedButUncommittedCredentialsAreIgnoredByLoad() {
        DeviceCredentials current = TestCredentials.device(ca.newDevice("dev-4", Duration.ofDays(1)));
        DeviceCredentials next = TestCredentials.device(ca.newDevice("dev-4", Duration.ofDays(1)));
        CredentialStore store = CredentialStore.open(dir, "dev-4");
        store.save(current);

        store.stage(next);

        assertThat(store.load().certificate()).isEqualTo(current.certificate());
        assertThat(store.staged().certificate()).isEqualTo(next.certificate());
        store.discardStaged();
        assertThat(store.staged()).isNull();
    }

    @Test
    void aCommitInterruptedHalfwayIsFinishedOnLoadNeverPairingOldKeyWithNewCertificate() throws Exception {
        DeviceCredentials current = TestCredentials.device(ca.newDevice("dev-5", Duration.ofDays(1)));
        DeviceCredentials next = TestCredentials.device(ca.newDevice("dev-5", Duration.ofDays(1)));
        CredentialStore store = CredentialStore.open(dir, "dev-5");
        store.save(current);
        store.stage(next);
        // GIVEN a crash after the commit marker was written and only the key was renamed into place
        Files.writeString(dir.resolve("dev-5.commit"), "");
        Files.move(
                dir.resolve("dev-5.key.next"),
                store.keyFile(),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);

        // WHEN the device starts again THEN the commit completes and key and certificate match
        DeviceCredentials loaded = store.load();

        assertThat(loaded.certificate()).isEqualTo(next.certificate());
        assertThat(Files.exists(dir.resolve("dev-5.commit"))).isFalse();
        assertThat(Files.getPosixFilePermissions(store.keyFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void commitKeepsThePreviousCredentials() throws Exception {
        DeviceCredentials current = TestCredentials.device(ca.newDevice("dev-6", Duration.ofDays(1)));
        DeviceCredentials next = TestCredentials.device(ca.newDevice("dev-6", Duration.ofDays(1)));
        CredentialStore store = CredentialStore.open(dir, "dev-6");
        store.save(current);

        store.stage(next);
        store.commit();

        assertThat(store.load().certificate()).isEqualTo(next.certificate());
        assertThat(store.previous().certificate()).isEqualTo(current.certificate());
        assertThat(Files.getPosixFilePermissions(dir.resolve("dev-6.key.previous")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
}
