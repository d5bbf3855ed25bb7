package dev.warden.pki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testkit.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Warden's own PKI under test: a fresh software hierarchy and device certificates made by warden-pki, and openssl as
 * their verifier. A CA that Warden did not build (an unrelated issuer) comes from {@link dev.warden.testkit.TestCa}.
 */
final class TestPki {
    static final String CRL_URL = "http://127.0.0.1/crl/eu-west-1.crl";
    static final String OCSP_URL = "http://127.0.0.1/ocsp";

    private TestPki() {}

    static CaHierarchy hierarchy() {
        return CaHierarchyBuilder.create(
                new CaNames("eu-west-1", "default"), new SoftwareKeySource(), Clock.systemUTC());
    }

    static X509Certificate device(CertificateIssuer issuer, String name) {
        KeyPair keys = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        ValidatedCsr csr = CsrParser.parse(CsrBuilder.buildCsrDer(keys, name));
        return issuer.issue(new IssueRequest(
                name,
                "urn:warden:device:" + name,
                csr.publicKey(),
                Duration.ofDays(30),
                CRL_URL,
                OCSP_URL,
                CertificateProfile.DEVICE));
    }

    static CertificateIssuer issuer(CaHierarchy hierarchy) {
        return new CertificateIssuer(hierarchy.issuing(), new SecureRandom(), Clock.systemUTC());
    }

    /** Writes root.pem, issuing.pem and chain.pem (issuing + root) into {@code dir}. */
    static void writeChain(Path dir, CaHierarchy hierarchy) {
        write(dir.resolve("root.pem"), Pem.encode(hierarchy.root().certificate()));
        write(dir.resolve("issuing.pem"), Pem.encode(hierarchy.issuing().certificate()));
        write(dir.resolve("chain.pem"), Pem.encode(hierarchy.chain()));
    }

    static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs openssl in {@code dir}; returns its merged output. */
    static Processes.Result openssl(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/openssl");
        command.addAll(List.of(args));
        return Processes.run(dir, command);
    }

    /** Runs openssl and asserts a zero exit code. */
    static String opensslOk(Path dir, String... args) {
        Processes.Result result = openssl(dir, args);
        assertThat(result.exitCode())
                .as("openssl %s:%n%s", List.of(args), result.output())
                .isZero();
        return result.output();
    }
}
