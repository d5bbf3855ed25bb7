package dev.warden.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.testkit.SoftHsm2;
import dev.warden.testkit.TestCa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device keys in a SoftHSM2 token: generated there sensitive and non-extractable, the CSR signed by the token (and
 * checked by openssl), the certificate kept beside the key, and a connection refused up front, with the fix named,
 * when netty would take OpenSSL TLS, which cannot use a key it cannot read.
 */
@Tag("softhsm")
@Tag("openssl")
class TokenKeysTest {
    @TempDir
    Path dir;

    @Test
    void aKeyMadeInTheTokenNeverLeavesItAndSignsTheCsr() throws Exception {
        SoftHsm2.requireInstalled();
        TestCa ca = TestCa.create("trusted");
        try (TokenKeys keys = TokenKeys.open(SoftHsm2.jvmToken().uri());
                FakeNode node = new FakeNode(ca, TestCredentials.server(ca.server()))) {
            node.tokens.add("wdn_enroll_token");
            // WHEN a device provisions with its keys in the token
            DeviceCredentials issued = Provisioner.create(node.uri(), ca.root())
                    .withKeys(keys)
                    .provision("sensors", "sensor-tok-1", ProvisioningClaim.token("wdn_enroll_token"), Map.of());
            keys.save(issued);

            // THEN its private key is a handle only: sensitive, non-extractable, no bytes to read
            assertThat(issued.privateKey().getEncoded()).isNull();
            assertThat(issued.privateKey().toString())
                    .contains("token object")
                    .contains("sensitive")
                    .doesNotContain("not sensitive")
                    .contains("unextractable");
            assertThat(issued.certificate().getPublicKey().getEncoded())
                    .isEqualTo(node.requests
                            .get(node.requests.size() - 1)
                            .csr()
                            .publicKey()
                            .getEncoded());
            // AND the token keeps key and certificates: a restart finds them there, no key file anywhere
            DeviceCredentials reloaded = keys.load("sensor-tok-1");
            assertThat(reloaded.certificate()).isEqualTo(issued.certificate());
            assertThat(reloaded.caChain()).isEqualTo(issued.caChain());
            assertThat(reloaded.privateKey().getEncoded()).isNull();
            assertThatThrownBy(() -> CredentialStore.open(dir, "sensor-tok-1").save(reloaded))
                    .isInstanceOfSatisfying(
                            DeviceException.class,
                            e -> assertThat(e.reason()).isEqualTo(DeviceErrorReason.CREDENTIALS_INVALID));
            assertThat(dir.resolve("sensor-tok-1.key")).doesNotExist();
        }
    }

    @Test
    void theTokenSignsACsrOpensslAccepts() throws Exception {
        SoftHsm2.requireInstalled();
        try (TokenKeys keys = TokenKeys.open(SoftHsm2.jvmToken().uri())) {
            var pair = keys.generate("tok-csr");
            Path csr = dir.resolve("tok.csr");
            Files.writeString(csr, Provisioner.csrPem(pair, "tok-csr", keys.provider()));
            Process openssl = new ProcessBuilder("openssl", "req", "-in", csr.toString(), "-verify", "-noout")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(openssl.exitValue()).as(output).isZero();
            assertThat(output).containsIgnoringCase("verif").doesNotContainIgnoringCase("fail");
        }
    }

    @Test
    void aChainReadBackFromTheTokenHoldsOnlyCertificatesThatSignedTheOneBelow() throws Exception {
        SoftHsm2.requireInstalled();
        // GIVEN two CAs of one name (an old CA and its successor, or two deployments'), and a token that keeps a
        // device certificate of each: the token finds issuers by name, and two CA certificates now share one
        TestCa older = TestCa.create("namesake");
        TestCa newer = TestCa.create("namesake");
        try (TokenKeys keys = TokenKeys.open(SoftHsm2.jvmToken().uri())) {
            keys.save(tokenDevice(keys, "tok-old", older));
            keys.save(tokenDevice(keys, "tok-new", newer));

            // WHEN each device's credentials are read back
            for (String thing : java.util.List.of("tok-old", "tok-new")) {
                DeviceCredentials loaded = keys.load(thing);

                // THEN every CA certificate it would present signed the certificate below it: never a namesake's
                java.util.List<java.security.cert.X509Certificate> presented = new java.util.ArrayList<>();
                presented.add(loaded.certificate());
                presented.addAll(loaded.caChain());
                for (int i = 1; i < presented.size(); i++) {
                    presented.get(i - 1).verify(presented.get(i).getPublicKey());
                }
            }
            // AND the certificate itself is the one issued by its own CA
            keys.load("tok-new").certificate().verify(newer.issuing().getPublicKey());
        }
    }

    private static DeviceCredentials tokenDevice(TokenKeys keys, String thing, TestCa ca) {
        var pair = keys.generate(thing);
        return new DeviceCredentials(
                thing,
                pair.getPrivate(),
                ca.deviceCertificate(thing, pair.getPublic(), java.time.Duration.ofDays(1)),
                ca.caChain());
    }

    @Test
    void aTokenKeyIsRefusedUpFrontWhereNettyWouldTakeOpenSsl() throws Exception {
        SoftHsm2.requireInstalled();
        TestCa ca = TestCa.create("trusted");
        try (TokenKeys keys = TokenKeys.open(SoftHsm2.jvmToken().uri());
                TestGateway gateway = new TestGateway(ca)) {
            var pair = keys.generate("tok-2");
            DeviceCredentials credentials = new DeviceCredentials(
                    "tok-2",
                    pair.getPrivate(),
                    ca.deviceCertificate("tok-2", pair.getPublic(), java.time.Duration.ofDays(1)),
                    ca.caChain());
            // GIVEN this JVM has netty-tcnative (the gateway's), so netty gives the MQTT client OpenSSL TLS
            assertThat(io.netty.handler.ssl.OpenSsl.isAvailable()).isTrue();
            // THEN connecting with a key OpenSSL cannot read is refused before any packet, naming the way out
            assertThatThrownBy(() -> DeviceClient.connect(credentials, gateway.clientConfig()))
                    .isInstanceOfSatisfying(DeviceException.class, e -> {
                        assertThat(e.reason()).isEqualTo(DeviceErrorReason.TLS_FAILED);
                        assertThat(e.getMessage()).contains("io.netty.handler.ssl.noOpenSsl=true");
                    });
        }
    }
}
