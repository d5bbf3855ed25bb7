package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testkit.PostgresFixture;
import dev.warden.testkit.Processes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The "done when", end to end with openssl as the independent verifier: a node starts, `warden device enroll`
 * yields a certificate that `openssl verify` accepts, and revoking it shows in `openssl ocsp` and in the CRL at once.
 * Runs on SQLite and on PostgreSQL.
 */
@Tag("openssl")
@Tag("postgresql")
class PkiEndToEndIT {
    private static final Pattern SERIAL = Pattern.compile("certificate ([0-9a-f]+)");

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void concurrentEnrollmentsOfOneNameYieldOneThingAndOneCertificate(String backend, @TempDir Path dir)
            throws Exception {
        String db = backend.equals("postgresql") ? PostgresFixture.freshSchemaUrl() : null;
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), db)) {
            // GIVEN eight requests racing to register the same thing name, each with its own key
            int racers = 8;
            List<byte[]> csrs = java.util.stream.IntStream.range(0, racers)
                    .mapToObj(i -> dev.warden.pki.CsrBuilder.buildCsrDer(
                            dev.warden.pki.CsrBuilder.generateDeviceKey(dev.warden.pki.KeyType.EC_P256), "racer"))
                    .toList();
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(racers);
            List<java.util.concurrent.Future<String>> outcomes = new java.util.ArrayList<>();
            for (byte[] csr : csrs) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        return "issued "
                                + harness.node
                                        .certificates()
                                        .enroll("racer", csr, null, java.util.Map.of(), null)
                                        .record()
                                        .serial();
                    } catch (dev.warden.registry.RegistryException e) {
                        return e.code();
                    }
                }));
            }
            start.countDown();
            List<String> results = new java.util.ArrayList<>();
            for (var outcome : outcomes) {
                results.add(outcome.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            pool.shutdown();

            // THEN exactly one wins; every other gets THING_EXISTS (the API's 409, never a 500), and the registry holds
            // one
            // certificate for the thing: a loser's signed certificate was never stored
            assertThat(results).filteredOn(r -> r.startsWith("issued ")).hasSize(1);
            assertThat(results)
                    .filteredOn(r -> !r.startsWith("issued "))
                    .hasSize(racers - 1)
                    .allMatch("THING_EXISTS"::equals);
            String winner = results.stream()
                    .filter(r -> r.startsWith("issued "))
                    .findFirst()
                    .orElseThrow()
                    .substring(7);
            assertThat(harness.node.certificates().list(1000, null))
                    .filteredOn(c -> "racer".equals(c.thingName()))
                    .extracting(c -> c.serial())
                    .containsExactly(winner);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void enrollVerifyRevokeOcspAndCrl(String backend, @TempDir Path dir) throws Exception {
        String db = backend.equals("postgresql") ? PostgresFixture.freshSchemaUrl() : null;
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), db)) {
            // GIVEN a running node and its bootstrap credential, readable only by its owner
            Path credential = dir.resolve("data/admin-credential");
            assertThat(Files.getPosixFilePermissions(credential))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

            // WHEN a device is enrolled through the CLI
            Path out = dir.resolve("dev-001");
            NodeHarness.CliResult enrolled = harness.cli("device", "enroll", "dev-001", "--out", out.toString());
            assertThat(enrolled.exitCode()).as(enrolled.err()).isZero();
            Matcher m = SERIAL.matcher(enrolled.out());
            assertThat(m.find()).as(enrolled.out()).isTrue();
            String serial = m.group(1);

            // THEN openssl accepts the certificate against the chain, and the key file is private
            Path chain = out.resolve("ca-chain.pem");
            Files.writeString(dir.resolve("root.pem"), lastCertificate(Files.readString(chain)));
            var verify = Processes.run(
                    dir,
                    List.of(
                            "openssl",
                            "verify",
                            "-CAfile",
                            "root.pem",
                            "-untrusted",
                            chain.toString(),
                            out.resolve("dev-001.crt").toString()));
            assertThat(verify.output()).contains("OK");
            assertThat(verify.exitCode()).isZero();
            assertThat(Files.getPosixFilePermissions(out.resolve("dev-001.key")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            var text = Processes.run(
                    dir,
                    List.of("openssl", "x509", "-in", out.resolve("dev-001.crt").toString(), "-noout", "-text"));
            assertThat(text.output())
                    .contains(
                            "CN = dev-001",
                            "TLS Web Client Authentication",
                            "URI:arn:warden:iot:eu-west-1:default:thing/dev-001",
                            "/crl/eu-west-1.crl",
                            "/ocsp/eu-west-1");

            Path issuing = dir.resolve("issuing.pem");
            Files.writeString(issuing, firstCertificate(Files.readString(chain)));
            String ocspUrl = harness.publicUrl() + "/ocsp/eu-west-1";
            List<String> ocsp = List.of(
                    "openssl",
                    "ocsp",
                    "-issuer",
                    issuing.toString(),
                    "-CAfile",
                    chain.toString(),
                    "-cert",
                    out.resolve("dev-001.crt").toString(),
                    "-url",
                    ocspUrl);
            var good = Processes.run(dir, ocsp);
            assertThat(good.output()).contains("Response verify OK", ": good");

            // WHEN it is revoked for key compromise
            NodeHarness.CliResult revoked = harness.cli("cert", "revoke", serial, "--reason", "keyCompromise");
            assertThat(revoked.exitCode()).as(revoked.err()).isZero();

            // THEN OCSP says revoked at once, and the signed CRL lists it
            var bad = Processes.run(dir, ocsp);
            assertThat(bad.output()).contains("Response verify OK", ": revoked", "keyCompromise");
            byte[] crl = get(harness.publicUrl() + "/crl/eu-west-1.crl");
            Files.write(dir.resolve("crl.der"), crl);
            var crlCheck = Processes.run(
                    dir,
                    List.of(
                            "openssl",
                            "crl",
                            "-inform",
                            "DER",
                            "-in",
                            "crl.der",
                            "-CAfile",
                            chain.toString(),
                            "-noout",
                            "-text"));
            assertThat(crlCheck.output())
                    .contains("verify OK")
                    .containsIgnoringCase(serial)
                    .contains("Key Compromise");

            // AND the revocation is terminal
            NodeHarness.CliResult again = harness.cli("cert", "revoke", serial);
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.err()).contains("ALREADY_REVOKED");
        }
    }

    static byte[] get(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    static String firstCertificate(String pem) {
        int end = pem.indexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----".length();
        return pem.substring(pem.indexOf("-----BEGIN CERTIFICATE-----"), end) + "\n";
    }

    static String lastCertificate(String pem) {
        return pem.substring(pem.lastIndexOf("-----BEGIN CERTIFICATE-----")).trim() + "\n";
    }

    static Set<PosixFilePermission> ownerOnly() {
        return Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
}
