package dev.warden.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.pki.store.CaStore;
import dev.warden.pki.store.PrivateKeyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CA keys in SoftHSM2 through SunPKCS11. The library reads SOFTHSM2_CONF from the process environment, which
 * surefire sets to target/softhsm2/softhsm2.conf; this test creates that configuration and a fresh token.
 */
@Tag("openssl")
@Tag("softhsm")
class SoftHsmTest {
    private static final String MODULE = "/usr/lib/softhsm/libsofthsm2.so";
    private static final String UTIL = "/usr/bin/softhsm2-util";
    private static final String PIN = "1234";

    @Test
    void caHierarchyWithHsmKeysIssuesCertificatesOpensslAccepts(@TempDir Path tmp) throws Exception {
        requireSoftHsm();
        Path conf = Path.of(System.getenv("SOFTHSM2_CONF"));
        Path tokens = conf.getParent().resolve("tokens");
        deleteRecursively(conf.getParent());
        Files.createDirectories(tokens);
        Files.writeString(
                conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        dev.warden.testkit.Processes.Result init = dev.warden.testkit.Processes.run(
                tmp,
                List.of(UTIL, "--init-token", "--free", "--label", "warden-test", "--pin", PIN, "--so-pin", "5678"),
                Map.of("SOFTHSM2_CONF", conf.toString()));
        assertThat(init.exitCode()).as(init.output()).isZero();

        Path pki = tmp.resolve("pki");
        String uri = "pkcs11:token=warden-test;module-path=" + MODULE + "?pin-value=" + PIN;
        try (Pkcs11KeySource hsm = Pkcs11KeySource.open(uri)) {
            CaHierarchy hierarchy = CaStore.initialize(
                    pki, new CaNames("eu-west-1", "default"), hsm, PrivateKeyFiles.plaintext(), Clock.systemUTC());
            assertThat(hierarchy.issuing().privateKey().getEncoded())
                    .as("HSM keys are not extractable")
                    .isNull();
            assertThat(hierarchy.issuing().provider()).isSameAs(hsm.provider());
            try (Stream<Path> files = Files.list(pki)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".key"));
            }
            String properties = Files.readString(pki.resolve("keys.properties"));
            assertThat(properties)
                    .contains("type=hsm")
                    .contains("warden-issuing-eu-west-1")
                    .doesNotContain(PIN);
            assertThatThrownBy(() -> Pem.encodePrivateKey(hierarchy.root().privateKey()))
                    .isInstanceOfSatisfying(
                            PkiException.class, e -> assertThat(e.reason()).isEqualTo(PkiReason.KEY_EXPORT_FAILED));

            X509Certificate device = TestPki.device(
                    new CertificateIssuer(hierarchy.issuing(), new SecureRandom(), Clock.systemUTC()), "hsm-device");
            verifyWithOpenssl(tmp, hierarchy, device);
            assertThat(hsm.loadCertificate(CaHierarchyBuilder.issuingAlias("eu-west-1")))
                    .isEqualTo(hierarchy.issuing().certificate());
        }

        // A fresh login (PIN from a file this time) finds the keys again by alias.
        Path pinFile = tmp.resolve("pin");
        Files.writeString(pinFile, PIN + "\n");
        try (Pkcs11KeySource hsm = Pkcs11KeySource.open(
                "pkcs11:token=warden-test;module-path=" + MODULE + "?pin-source=file:" + pinFile)) {
            CaHierarchy loaded = CaStore.load(pki, "eu-west-1", hsm, PrivateKeyFiles.plaintext());
            assertThat(loaded.root().privateKey()).isNotNull();
            X509Certificate device = TestPki.device(
                    new CertificateIssuer(loaded.issuing(), new SecureRandom(), Clock.systemUTC()), "hsm-device-2");
            verifyWithOpenssl(tmp, loaded, device);
            byte[] crl = CrlBuilder.build(
                    loaded.issuing(),
                    List.of(),
                    java.math.BigInteger.ONE,
                    java.time.Instant.now(),
                    java.time.Instant.now().plusSeconds(3600));
            assertThat(crl).isNotEmpty();
        }

        assertThatThrownBy(() ->
                        Pkcs11KeySource.open("pkcs11:token=warden-test;module-path=" + MODULE + "?pin-value=9999"))
                .isInstanceOfSatisfying(PkiException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PkiReason.HSM_UNAVAILABLE);
                    assertThat(e.getMessage()).doesNotContain("9999");
                });
        assertThatThrownBy(
                        () -> Pkcs11KeySource.open("pkcs11:token=no-such-token;module-path=" + MODULE + "?pin-value=1"))
                .isInstanceOfSatisfying(
                        PkiException.class, e -> assertThat(e.reason()).isEqualTo(PkiReason.HSM_UNAVAILABLE));
    }

    private static void verifyWithOpenssl(Path dir, CaHierarchy hierarchy, X509Certificate device) {
        TestPki.writeChain(dir, hierarchy);
        TestPki.write(dir.resolve("device.pem"), Pem.encode(device));
        assertThat(TestPki.opensslOk(dir, "verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "device.pem"))
                .contains("device.pem: OK");
    }

    private static void requireSoftHsm() {
        dev.warden.testkit.SoftHsm2.requireInstalled();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
