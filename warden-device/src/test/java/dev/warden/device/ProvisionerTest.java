package dev.warden.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.testkit.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provisioner against a real HTTPS endpoint that implements the node's provisioning contract. */
class ProvisionerTest {
    static final String TOKEN = "wdn_enroll_0123456789abcdef";

    static TestCa ca;
    /** A CA the device does not trust: the rogue node presents a server certificate from it. */
    static TestCa rogue;

    static FakeNode node;
    static FakeNode rogueNode;

    @TempDir
    Path dir;

    Provisioner provisioner;

    @BeforeAll
    static void start() {
        ca = TestCa.create("trusted");
        rogue = TestCa.create("rogue");
        node = new FakeNode(ca, TestCredentials.server(ca.server()));
        node.tokens.add(TOKEN);
        rogueNode = new FakeNode(ca, TestCredentials.server(rogue.server()));
        rogueNode.tokens.add(TOKEN);
    }

    @AfterAll
    static void stop() {
        node.close();
        rogueNode.close();
    }

    @BeforeEach
    void provisioner() {
        provisioner = Provisioner.create(node.uri(), ca.root()).withTimeout(Duration.ofSeconds(10));
    }

    @Test
    void provisionsWithATokenSendingOnlyAVerifiableCsrForTheKeyGeneratedHere() throws Exception {
        DeviceCredentials credentials = provisioner.provision(
                "sensors", "sensor-1", ProvisioningClaim.token(TOKEN), Map.of("SerialNumber", "SN-1"));
        CredentialStore store = CredentialStore.open(dir.resolve("sensor-1"), "sensor-1");
        store.save(credentials);

        FakeNode.Seen seen = lastRequest("/provisioning/templates/sensors/provision");
        // The CSR parsed and its proof-of-possession signature verified on the node (CsrParser), and it carries the
        // public key of the private key stored on the device.
        DeviceCredentials stored = store.load();
        assertThat(seen.csr().publicKey().getEncoded())
                .isEqualTo(stored.certificate().getPublicKey().getEncoded());
        assertThat(KeyMatch.belongsTo(stored.privateKey(), stored.certificate()))
                .isTrue();
        assertThat(seen.csr().commonName()).isEqualTo("sensor-1");
        assertThat(seen.token()).isEqualTo(TOKEN);
        assertThat(seen.clientCertificate()).isNull();
        assertThat(seen.body())
                .doesNotContain("PRIVATE KEY")
                .contains("\"ThingName\":\"sensor-1\"")
                .contains("\"SerialNumber\":\"SN-1\"");

        assertThat(Files.getPosixFilePermissions(store.keyFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(store.directory()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(stored.thingName()).isEqualTo("sensor-1");
        assertThat(stored.root()).isEqualTo(ca.root());
        assertThat(stored.toString()).doesNotContain("PRIVATE").doesNotContain("EC Private");
    }

    @Test
    void provisionsWithAClaimCertificateOverMutualTls() {
        DeviceCredentials claim = TestCredentials.device(ca.newDevice("claim-factory", Duration.ofDays(1)));
        node.claimSerials.add(claim.serialHex());

        DeviceCredentials credentials = provisioner.provision(
                "sensors",
                "sensor-2",
                ProvisioningClaim.certificate(claim.privateKey(), claim.presentedChain()),
                Map.of());

        FakeNode.Seen seen = lastRequest("/provisioning/templates/sensors/provision");
        assertThat(seen.clientCertificate()).isEqualTo(claim.certificate());
        assertThat(seen.token()).isNull();
        assertThat(credentials.thingName()).isEqualTo("sensor-2");
        assertThat(credentials.certificate().getPublicKey())
                .isNotEqualTo(claim.certificate().getPublicKey());
    }

    @Test
    void aRefusalMapsToProvisioningRejectedWithTheServersCode() {
        // GIVEN a thing name the template does not allow WHEN provisioning THEN the node's 400 code surfaces
        assertThatThrownBy(() -> provisioner.provision("sensors", "camera-1", ProvisioningClaim.token(TOKEN), Map.of()))
                .isInstanceOfSatisfying(ProvisioningRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DeviceErrorReason.PROVISIONING_REJECTED);
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.serverCode()).isEqualTo("THING_NAME_NOT_ALLOWED");
                    assertThat(e.requestId()).isNotBlank();
                });
        // and an unknown token is refused with 401, the token itself appearing nowhere in the error
        assertThatThrownBy(() -> provisioner.provision(
                        "sensors", "sensor-3", ProvisioningClaim.token("wdn_enroll_wrong"), Map.of()))
                .isInstanceOfSatisfying(ProvisioningRejectedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.serverCode()).isEqualTo("UNAUTHORIZED");
                    assertThat(e.getMessage()).doesNotContain("wdn_enroll_wrong");
                });
    }

    @Test
    void thePinnedRootRefusesANodeCertificateFromAnotherCa() {
        // GIVEN a node whose TLS certificate comes from another CA (an impostor with a valid-looking certificate)
        Provisioner pinned = Provisioner.create(rogueNode.uri(), ca.root()).withTimeout(Duration.ofSeconds(10));
        long before = rogueNode.requests.size();

        // THEN TLS fails before any request (and so before the token) is sent
        assertThatThrownBy(() -> pinned.provision("sensors", "sensor-4", ProvisioningClaim.token(TOKEN), Map.of()))
                .isInstanceOfSatisfying(
                        DeviceException.class, e -> assertThat(e.reason()).isEqualTo(DeviceErrorReason.TLS_FAILED));
        assertThat(rogueNode.requests).hasSize((int) before);
    }

    @Test
    void aNodeCertificateForAnotherHostNameIsRefused() {
        try (FakeNode impostor = new FakeNode(ca, TestCredentials.server(ca.server("other.example", List.of())))) {
            impostor.tokens.add(TOKEN);
            Provisioner pinned = Provisioner.create(impostor.uri(), ca.root()).withTimeout(Duration.ofSeconds(10));

            assertThatThrownBy(() -> pinned.provision("sensors", "sensor-7", ProvisioningClaim.token(TOKEN), Map.of()))
                    .isInstanceOfSatisfying(
                            DeviceException.class, e -> assertThat(e.reason()).isEqualTo(DeviceErrorReason.TLS_FAILED));
            assertThat(impostor.requests).isEmpty();
        }
    }

    @Test
    void onlyHttpsIsAccepted() {
        assertThatThrownBy(() -> Provisioner.create(java.net.URI.create("http://localhost:8080"), ca.root()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rotatesOverMutualTlsWithANewKeyAndReplacesTheStoredCredentialsKeepingTheOld() {
        CredentialStore store = CredentialStore.open(dir, "sensor-5");
        DeviceCredentials original =
                provisioner.provision("sensors", "sensor-5", ProvisioningClaim.token(TOKEN), Map.of());
        store.save(original);

        // a fresh one-day certificate is not due under "2/3 of the lifetime, no minimum"
        RotationPolicy policy = new RotationPolicy(2.0 / 3.0, Duration.ZERO);
        Provisioner.RotationResult result = provisioner.rotateIfDue(store, policy, Provisioner.CredentialCheck.NONE);

        assertThat(result.rotated()).isFalse();
        assertThat(result.credentials().certificate()).isEqualTo(original.certificate());
        Provisioner later =
                provisioner.withClock(Clock.fixed(original.notAfter().minus(Duration.ofHours(1)), ZoneOffset.UTC));
        result = later.rotateIfDue(store, policy, Provisioner.CredentialCheck.NONE);

        assertThat(result.rotated()).isTrue();
        FakeNode.Seen seen = lastRequest("/provisioning/rotate");
        assertThat(seen.clientCertificate()).isEqualTo(original.certificate());
        DeviceCredentials current = store.load();
        assertThat(current.certificate()).isEqualTo(result.credentials().certificate());
        assertThat(current.certificate().getPublicKey())
                .isNotEqualTo(original.certificate().getPublicKey());
        assertThat(seen.csr().publicKey().getEncoded())
                .isEqualTo(current.certificate().getPublicKey().getEncoded());
        assertThat(store.previous().certificate()).isEqualTo(original.certificate());
        assertThat(store.staged()).isNull();
    }

    @Test
    void newCredentialsThatDoNotWorkYetStayStagedAndTheCurrentOnesStayInUse() {
        CredentialStore store = CredentialStore.open(dir, "sensor-6");
        DeviceCredentials original =
                provisioner.provision("sensors", "sensor-6", ProvisioningClaim.token(TOKEN), Map.of());
        store.save(original);
        Provisioner due = provisioner.withClock(Clock.fixed(Instant.now().plus(Duration.ofDays(2)), ZoneOffset.UTC));
        long rotations = node.count("/provisioning/rotate");

        // GIVEN the check of the new credentials fails (e.g. the gateway does not know them yet)
        assertThatThrownBy(() -> due.rotateIfDue(store, RotationPolicy.defaults(), credentials -> {
                    throw new DeviceException(DeviceErrorReason.NOT_AUTHORIZED, "not yet");
                }))
                .isInstanceOfSatisfying(
                        DeviceException.class, e -> assertThat(e.reason()).isEqualTo(DeviceErrorReason.NOT_AUTHORIZED));

        // THEN the old credentials are still the current ones and the new ones wait, staged
        assertThat(store.load().certificate()).isEqualTo(original.certificate());
        DeviceCredentials staged = store.staged();
        assertThat(staged).isNotNull();

        // WHEN the check passes later THEN the staged credentials are committed without asking the node again
        Provisioner.RotationResult result =
                due.rotateIfDue(store, RotationPolicy.defaults(), Provisioner.CredentialCheck.NONE);
        assertThat(result.rotated()).isTrue();
        assertThat(store.load().certificate()).isEqualTo(staged.certificate());
        assertThat(node.count("/provisioning/rotate")).isEqualTo(rotations + 1);
    }

    private static FakeNode.Seen lastRequest(String path) {
        return node.requests.stream()
                .filter(r -> r.path().equals(path))
                .reduce((a, b) -> b)
                .orElseThrow();
    }
}
