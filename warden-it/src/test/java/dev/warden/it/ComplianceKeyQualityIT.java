package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static dev.warden.it.ComplianceFindings.appears;
import static dev.warden.it.ComplianceFindings.resolves;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.pki.Fingerprints;
import dev.warden.pki.Pem;
import dev.warden.registry.tls.TlsSettings;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key-quality checks, end to end. The node signs only CSRs with strong keys, so a weak or repeated key can enter
 * only as someone else made it: a device maker's CA registered for just-in-time provisioning (the node takes the CA as
 * the maker built it) and the device certificates it signed, registered on first presentation. Here the maker's CA
 * has an RSA-1024 key, one device an RSA-1024 key and two devices one EC key between them; each finding appears on
 * its change, its own fix (revoke the certificate, deactivate the CA) runs, and it resolves.
 */
class ComplianceKeyQualityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    @Test
    void weakAndRepeatedKeysEnteringThroughAMakersCaAreFoundAndFixed() throws Exception {
        try (NodeHarness node = new NodeHarness(dir.resolve("data"), null)) {
            ok(node.cli("template", "create", "makers", "--pattern", "acme-*"));
            KeyPair caKey = rsa(1024);
            X509Certificate ca =
                    certificate("CN=Acme Devices CA 2009", caKey, "CN=Acme Devices CA 2009", caKey.getPublic(), true);
            Path caPem = Files.writeString(dir.resolve("acme-ca.pem"), Pem.encode(ca));
            long since = System.currentTimeMillis();
            ok(node.cli("manufacturer-ca", "register", "--ca-cert", caPem.toString(), "--template", "makers"));
            String fingerprint = Fingerprints.sha256Hex(ca);
            JsonNode weakCa = appears(
                    node,
                    "CA_CERTIFICATE_KEY_QUALITY",
                    f -> f.path("resource").asText().endsWith(fingerprint),
                    since);
            assertThat(weakCa.path("reason").asText()).isEqualTo("WEAK_RSA_KEY");
            assertThat(weakCa.path("detail").asText()).contains("RSA key of 1024 bits");
            assertThat(weakCa.path("fix").path("command").asText())
                    .isEqualTo("warden manufacturer-ca deactivate " + fingerprint);

            // a device with an RSA-1024 key of its own, registered on first use
            KeyPair weakKey = rsa(1024);
            since = System.currentTimeMillis();
            jitp(node, "acme-old-1", weakKey, caKey, ca);
            JsonNode weakDevice = appears(
                    node,
                    "DEVICE_CERTIFICATE_KEY_QUALITY",
                    f -> f.path("detail").asText().contains("acme-old-1"),
                    since);
            assertThat(weakDevice.path("reason").asText()).isEqualTo("WEAK_RSA_KEY");

            // two devices the maker gave one key
            KeyPair shared = ec();
            since = System.currentTimeMillis();
            jitp(node, "acme-twin-1", shared, caKey, ca);
            jitp(node, "acme-twin-2", shared, caKey, ca);
            JsonNode twin1 = appears(
                    node,
                    "DEVICE_CERTIFICATE_KEY_QUALITY",
                    f -> f.path("detail").asText().contains("acme-twin-1"),
                    since);
            JsonNode twin2 = appears(
                    node,
                    "DEVICE_CERTIFICATE_KEY_QUALITY",
                    f -> f.path("detail").asText().contains("acme-twin-2"),
                    since);
            assertThat(twin1.path("reason").asText()).isEqualTo("REPEATED_KEY");
            assertThat(twin1.path("fix").path("command").asText()).endsWith("--reason keyCompromise");

            // and a device of the maker with a sound key of its own
            jitp(node, "acme-good-1", ec(), caKey, ca);

            // each finding's own fix, as the caller
            for (JsonNode finding : List.of(weakDevice, twin1, twin2, weakCa)) {
                since = System.currentTimeMillis();
                assertThat(ok(node.cli("compliance", "fix", finding.path("id").asText()))
                                .out())
                        .contains("is now resolved");
                resolves(node, finding, since);
            }
            // the deactivated CA leaves a device certificate of its own active: found, with its serial
            since = System.currentTimeMillis();
            JsonNode orphaned = appears(
                    node,
                    "INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES",
                    f -> f.path("resource").asText().endsWith(fingerprint),
                    since);
            String serial = JSON.readTree(ok(node.cli("device", "show", "acme-good-1", "--json"))
                            .out())
                    .path("certificates")
                    .path(0)
                    .path("serial")
                    .asText();
            assertThat(orphaned.path("detail").asText()).contains(serial);
            // while the gateway's trust followed the deactivation: that check never fires
            assertThat(JSON.readTree(ok(node.cli(
                                            "compliance",
                                            "findings",
                                            "--check",
                                            "REVOKED_CA_CERTIFICATE_STILL_ACTIVE",
                                            "--json"))
                                    .out())
                            .path("findings"))
                    .isEmpty();
            // revoking it, as the remediation says, resolves the finding
            since = System.currentTimeMillis();
            ok(node.cli("cert", "revoke", serial, "--reason", "cACompromise"));
            resolves(node, orphaned, since);
            // the deactivated CA registers no more devices: a newly signed certificate is refused
            Answer refused = jitpResponse(node, "acme-new-1", rsa(2048), caKey, ca);
            assertThat(refused.status()).as(refused.body()).isNotEqualTo(200);
        }
    }

    private static void jitp(NodeHarness node, String thing, KeyPair key, KeyPair caKey, X509Certificate ca)
            throws Exception {
        Answer answer = jitpResponse(node, thing, key, caKey, ca);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("thingName").asText()).isEqualTo(thing);
    }

    /** The device presents its maker-signed certificate to the JITP route (the handshake may refuse it). */
    private static Answer jitpResponse(NodeHarness node, String thing, KeyPair key, KeyPair caKey, X509Certificate ca)
            throws Exception {
        X509Certificate cert = certificate("CN=Acme Devices CA 2009", caKey, "CN=" + thing, key.getPublic(), false);
        X509Certificate root = Pem.parseCertificate(Files.readString(node.dataDir.resolve("pki/root.crt")));
        HttpClient client = HttpClient.newBuilder()
                .sslContext(TlsSettings.clientContext(List.of(root), key.getPrivate(), List.of(cert, ca)))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.adminUrl() + "/provisioning/jitp"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (java.io.IOException handshakeRefused) {
            return new Answer(0, handshakeRefused.toString());
        }
    }

    private static X509Certificate certificate(
            String issuer, KeyPair issuerKey, String subject, PublicKey key, boolean isCa) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                new X500Name(issuer),
                new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(isCa ? 3650 : 365))),
                new X500Name(subject),
                key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (isCa) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        }
        PrivateKey signer = issuerKey.getPrivate();
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
    }

    private static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits, RANDOM);
        return generator.generateKeyPair();
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    /** What the JITP route answered: its status and body, or status 0 when the TLS handshake refused the device. */
    private record Answer(int status, String body) {}
}
