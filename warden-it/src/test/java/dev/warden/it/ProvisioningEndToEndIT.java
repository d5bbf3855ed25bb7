package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.pki.CaHierarchy;
import dev.warden.pki.CaHierarchyBuilder;
import dev.warden.pki.CaNames;
import dev.warden.pki.CertificateIssuer;
import dev.warden.pki.CertificateProfile;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.IssueRequest;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.pki.SoftwareKeySource;
import dev.warden.registry.tls.TlsSettings;
import dev.warden.testkit.Processes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fleet provisioning end to end through the CLI: claims, tokens, hooks, rotation and JITP. */
@Tag("openssl")
class ProvisioningEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static NodeHarness harness;

    @BeforeAll
    static void start() {
        harness = new NodeHarness(dir.resolve("data"), null);
        assertOk(harness.cli(
                "template", "create", "sensors", "--pattern", "sensor-*", "--type", "sensor", "--attr", "site=lyon"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    static NodeHarness.CliResult assertOk(NodeHarness.CliResult result) {
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        return result;
    }

    static NodeHarness.CliResult assertRefused(NodeHarness.CliResult result, String code) {
        assertThat(result.exitCode()).as(result.out()).isEqualTo(1);
        assertThat(result.err()).contains(code);
        return result;
    }

    @Test
    void claimCertificateYieldsUniqueCertificatesOnlyThroughItsTemplate() throws Exception {
        Path claim = dir.resolve("claim-factory");
        assertOk(harness.cli("claim", "create", "factory", "--template", "sensors", "--out", claim.toString()));

        // GIVEN a claim certificate WHEN two devices provision THEN each gets its own certificate, verified by openssl
        Path s1 = dir.resolve("s1");
        Path s2 = dir.resolve("s2");
        assertOk(harness.cli(
                "device",
                "provision",
                "sensor-1",
                "--template",
                "sensors",
                "--claim-dir",
                claim.toString(),
                "--claim",
                "factory",
                "--out",
                s1.toString()));
        assertOk(harness.cli(
                "device",
                "provision",
                "sensor-2",
                "--template",
                "sensors",
                "--claim-dir",
                claim.toString(),
                "--claim",
                "factory",
                "--out",
                s2.toString()));
        X509Certificate c1 = Pem.parseCertificate(Files.readString(s1.resolve("sensor-1.crt")));
        X509Certificate c2 = Pem.parseCertificate(Files.readString(s2.resolve("sensor-2.crt")));
        assertThat(c1.getSerialNumber()).isNotEqualTo(c2.getSerialNumber());
        assertThat(c1.getPublicKey()).isNotEqualTo(c2.getPublicKey());
        Files.writeString(
                dir.resolve("root.pem"), PkiEndToEndIT.lastCertificate(Files.readString(s1.resolve("ca-chain.pem"))));
        var verify = Processes.run(
                dir,
                List.of(
                        "openssl",
                        "verify",
                        "-CAfile",
                        "root.pem",
                        "-untrusted",
                        s1.resolve("ca-chain.pem").toString(),
                        s1.resolve("sensor-1.crt").toString()));
        assertThat(verify.output()).contains(": OK");
        JsonNode thing = JSON.readTree(
                assertOk(harness.cli("device", "show", "sensor-1", "--json")).out());
        assertThat(thing.path("thingType").asText()).isEqualTo("sensor");
        assertThat(thing.path("attributes").path("site").asText()).isEqualTo("lyon");
        assertThat(thing.path("policies").toString()).contains("warden-device-default");

        // A name outside the template's pattern, or a duplicate, is refused
        assertRefused(
                harness.cli(
                        "device",
                        "provision",
                        "laptop-1",
                        "--template",
                        "sensors",
                        "--claim-dir",
                        claim.toString(),
                        "--claim",
                        "factory",
                        "--out",
                        dir.resolve("x").toString()),
                "THING_NAME_NOT_ALLOWED");
        assertRefused(
                harness.cli(
                        "device",
                        "provision",
                        "sensor-1",
                        "--template",
                        "sensors",
                        "--claim-dir",
                        claim.toString(),
                        "--claim",
                        "factory",
                        "--out",
                        dir.resolve("y").toString()),
                "THING_EXISTS");

        // The claim certificate can do nothing else: admin routes need the admin credential
        HttpResponse<String> adminWithClaim = mtls(claim, "factory", "GET", "/things", null);
        assertThat(adminWithClaim.statusCode()).isEqualTo(401);
        // ... and it cannot rotate as if it were a device
        assertThat(mtls(claim, "factory", "POST", "/provisioning/rotate", "{\"csr\":\"x\"}")
                        .statusCode())
                .isEqualTo(403);

        // WHEN the claim is deactivated THEN new registrations stop, provisioned devices stay ACTIVE
        assertOk(harness.cli("claim", "deactivate", "factory"));
        assertRefused(
                harness.cli(
                        "device",
                        "provision",
                        "sensor-3",
                        "--template",
                        "sensors",
                        "--claim-dir",
                        claim.toString(),
                        "--claim",
                        "factory",
                        "--out",
                        dir.resolve("s3").toString()),
                "CLAIM_INACTIVE");
        assertThat(assertOk(harness.cli("device", "show", "sensor-2")).out()).contains("ACTIVE");
    }

    @Test
    void singleUseTokenWorksOnceAndAllowlistHookDecides() {
        String token = assertOk(harness.cli(
                        "claim",
                        "create",
                        "once",
                        "--template",
                        "sensors",
                        "--token",
                        "--max-uses",
                        "1",
                        "--expires-in",
                        "1h"))
                .out()
                .trim();
        assertThat(token).startsWith("wdn_enroll_");
        assertOk(harness.cli(
                "device",
                "provision",
                "sensor-10",
                "--template",
                "sensors",
                "--token",
                token,
                "--out",
                dir.resolve("s10").toString()));
        assertRefused(
                harness.cli(
                        "device",
                        "provision",
                        "sensor-11",
                        "--template",
                        "sensors",
                        "--token",
                        token,
                        "--out",
                        dir.resolve("s11").toString()),
                "CLAIM_INACTIVE");
        assertRefused(
                harness.cli(
                        "device",
                        "provision",
                        "sensor-12",
                        "--template",
                        "sensors",
                        "--token",
                        "wdn_enroll_forged",
                        "--out",
                        dir.resolve("s12").toString()),
                "UNAUTHENTICATED");
        // The token is never listed
        assertThat(assertOk(harness.cli("claim", "list", "--json")).out())
                .doesNotContain(token)
                .contains("\"uses\" : 1");

        assertOk(harness.cli("template", "create", "listed", "--pattern", "lst-*", "--allowlist", "SN-1,SN-2"));
        String multi = assertOk(harness.cli("claim", "create", "line-2", "--template", "listed", "--token"))
                .out()
                .trim();
        assertOk(harness.cli(
                "device",
                "provision",
                "lst-1",
                "--template",
                "listed",
                "--token",
                multi,
                "--serial-number",
                "SN-1",
                "--out",
                dir.resolve("l1").toString()));
        assertRefused(
                harness.cli(
                        "device",
                        "provision",
                        "lst-2",
                        "--template",
                        "listed",
                        "--token",
                        multi,
                        "--serial-number",
                        "SN-9",
                        "--out",
                        dir.resolve("l2").toString()),
                "HOOK_REJECTED");
        // A token bound to one template cannot provision through another
        assertRefused(
                harness.cli(
                        "device",
                        "provision",
                        "sensor-13",
                        "--template",
                        "sensors",
                        "--token",
                        multi,
                        "--out",
                        dir.resolve("s13").toString()),
                "CLAIM_TEMPLATE_MISMATCH");
    }

    @Test
    void webhookHookApprovesOrRefusesEachRegistration() throws Exception {
        // GIVEN a real HTTP endpoint as the template's pre-provisioning hook: it approves serial SN-OK only, answers
        // 500 for SN-ERR and garbage for SN-JUNK
        List<JsonNode> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer hook =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/approve", exchange -> {
            JsonNode call = JSON.readTree(exchange.getRequestBody());
            calls.add(call);
            String serial = call.path("parameters").path("SerialNumber").asText();
            int status = serial.equals("SN-ERR") ? 500 : 200;
            byte[] answer = (serial.equals("SN-JUNK")
                            ? "allow"
                            : "{\"allowProvisioning\": " + serial.equals("SN-OK") + "}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        hook.start();
        String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/approve";
        try {
            assertOk(harness.cli("template", "create", "hooked", "--pattern", "hk-*", "--webhook", url));
            String token = assertOk(harness.cli("claim", "create", "line-3", "--template", "hooked", "--token"))
                    .out()
                    .trim();

            // WHEN the hook approves, the device gets its certificate; the hook saw template, thing and parameters
            assertOk(harness.cli(
                    "device",
                    "provision",
                    "hk-1",
                    "--template",
                    "hooked",
                    "--token",
                    token,
                    "--serial-number",
                    "SN-OK",
                    "--out",
                    dir.resolve("hk1").toString()));
            assertThat(Files.readString(dir.resolve("hk1").resolve("hk-1.crt"))).contains("BEGIN CERTIFICATE");
            assertThat(calls).hasSize(1);
            assertThat(calls.get(0).path("templateName").asText()).isEqualTo("hooked");
            assertThat(calls.get(0).path("thingName").asText()).isEqualTo("hk-1");

            // THEN a refusal, an error, a malformed answer and an unreachable hook all refuse, and register nothing
            for (String serial : List.of("SN-NO", "SN-ERR", "SN-JUNK")) {
                assertRefused(
                        harness.cli(
                                "device",
                                "provision",
                                "hk-" + serial,
                                "--template",
                                "hooked",
                                "--token",
                                token,
                                "--serial-number",
                                serial,
                                "--out",
                                dir.resolve("hk-" + serial).toString()),
                        "HOOK_REJECTED");
            }
            assertThat(calls).hasSize(4);
            hook.stop(0);
            assertRefused(
                    harness.cli(
                            "device",
                            "provision",
                            "hk-2",
                            "--template",
                            "hooked",
                            "--token",
                            token,
                            "--serial-number",
                            "SN-OK",
                            "--out",
                            dir.resolve("hk2").toString()),
                    "HOOK_REJECTED");
            String things = assertOk(harness.cli("device", "list", "--json")).out();
            assertThat(things).contains("hk-1").doesNotContain("hk-2").doesNotContain("hk-SN");
            JsonNode claims = JSON.readTree(
                    assertOk(harness.cli("claim", "list", "--json")).out());
            assertThat(claims.findParents("name"))
                    .filteredOn(c -> c.path("name").asText().equals("line-3"))
                    .singleElement()
                    .satisfies(c -> assertThat(c.path("uses").asInt()).isEqualTo(1));
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void deviceRotatesWithANewKeyAndTheOldCertificateOverlaps() throws Exception {
        Path d = dir.resolve("rot");
        assertOk(harness.cli("device", "enroll", "rot-1", "--out", d.toString()));
        X509Certificate before = Pem.parseCertificate(Files.readString(d.resolve("rot-1.crt")));
        assertOk(harness.cli("device", "rotate", "rot-1", "--dir", d.toString()));
        X509Certificate after = Pem.parseCertificate(Files.readString(d.resolve("rot-1.crt")));
        assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        assertThat(after.getPublicKey()).isNotEqualTo(before.getPublicKey());
        JsonNode old = JSON.readTree(
                assertOk(harness.cli("cert", "show", before.getSerialNumber().toString(16)))
                        .out());
        assertThat(old.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(old.path("replacedBy").asText())
                .isEqualTo(after.getSerialNumber().toString(16));
        assertThat(old.path("deactivateAt").asText()).isNotEmpty();
    }

    @Test
    void manufacturerSignedDeviceIsRegisteredOnFirstPresentation() throws Exception {
        // GIVEN a device maker's own CA, registered with a template that starts devices PENDING_ACTIVATION
        CaHierarchy maker = CaHierarchyBuilder.create(
                new CaNames("us-east-1", "maker"), new SoftwareKeySource(), Clock.systemUTC());
        Path makerCa = dir.resolve("maker-ca.pem");
        Files.writeString(makerCa, Pem.encode(maker.issuing().certificate()));
        assertOk(harness.cli("template", "create", "jitp", "--pattern", "acme-*", "--pending"));
        assertOk(harness.cli("manufacturer-ca", "register", "--ca-cert", makerCa.toString(), "--template", "jitp"));
        KeyPair key = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        X509Certificate deviceCert = new CertificateIssuer(maker.issuing(), new SecureRandom(), Clock.systemUTC())
                .issue(new IssueRequest(
                        "acme-7",
                        "urn:acme:7",
                        key.getPublic(),
                        Duration.ofDays(30),
                        "http://x/crl",
                        "http://x/ocsp",
                        CertificateProfile.DEVICE));

        // WHEN the device presents its maker-issued certificate
        HttpResponse<String> response = send(
                TlsSettings.clientContext(
                        List.of(root()),
                        key.getPrivate(),
                        List.of(deviceCert, maker.issuing().certificate())),
                "POST",
                "/provisioning/jitp",
                "{}");

        // THEN the thing exists, with that very certificate, pending activation
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode record = JSON.readTree(response.body());
        assertThat(record.path("status").asText()).isEqualTo("PENDING_ACTIVATION");
        assertThat(record.path("thingName").asText()).isEqualTo("acme-7");
        assertThat(assertOk(harness.cli("device", "show", "acme-7")).out()).contains("PENDING_ACTIVATION");
    }

    static X509Certificate root() throws Exception {
        return Pem.parseCertificate(Files.readString(dir.resolve("data/pki/root.crt")));
    }

    static HttpResponse<String> mtls(Path claimDir, String name, String method, String path, String body)
            throws Exception {
        PrivateKey key = Pem.parsePrivateKey(Files.readString(claimDir.resolve(name + ".key")));
        X509Certificate cert = Pem.parseCertificate(Files.readString(claimDir.resolve(name + ".crt")));
        return send(TlsSettings.clientContext(List.of(root()), key, List.of(cert)), method, path, body);
    }

    static HttpResponse<String> send(javax.net.ssl.SSLContext tls, String method, String path, String body)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(harness.adminUrl() + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
