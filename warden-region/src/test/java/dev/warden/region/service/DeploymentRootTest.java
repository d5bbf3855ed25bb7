package dev.warden.region.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditResult;
import dev.warden.pki.CrossCertificates;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment root: the control region's root cross-certifies a member's root at its join (or at its next
 * membership refresh when it has none), both regions audit it, and a member that leaves no longer has one.
 */
class DeploymentRootTest {
    @TempDir
    Path dir;

    private TestRegion eu;
    private TestRegion us;

    @BeforeEach
    void regions() {
        eu = new TestRegion(dir, "eu-west-1");
        us = new TestRegion(dir, "us-east-1");
    }

    @AfterEach
    void close() {
        us.close();
        eu.close();
    }

    @Test
    void aJoiningRegionReceivesItsRootsCrossCertificateUnderTheControlRegionsRoot() {
        X509Certificate euRoot = eu.hierarchy.root().certificate();
        X509Certificate usRoot = us.hierarchy.root().certificate();
        assertThat(us.regions.service().crossCertificate()).isEmpty();
        assertThat(us.regions.service().deploymentRoot()).isEqualTo(usRoot);

        // WHEN us-east-1 joins eu-west-1's deployment
        join();

        // THEN us-east-1 keeps a cross certificate of its own root, issued by eu-west-1's root, the deployment root
        X509Certificate cross = us.regions.service().crossCertificate().orElseThrow();
        assertThat(CrossCertificates.certifies(cross, usRoot, euRoot)).isTrue();
        assertThat(us.regions.service().deploymentRoot()).isEqualTo(euRoot);
        assertThat(eu.regions.service().deploymentRoot()).isEqualTo(euRoot);
        assertThat(eu.regions.service().crossCertificate()).isEmpty();

        // AND the control region audited the issue, the member its receipt, both naming the same certificate
        AuditEvent issued = only(eu.events(RegionEvents.CROSS_CERTIFY));
        assertThat(issued.result()).isEqualTo(AuditResult.ALLOW);
        assertThat(issued.resource()).endsWith(":region/us-east-1");
        AuditEvent received = only(us.events("region:ReceiveCrossCertificate"));
        assertThat(received.result()).isEqualTo(AuditResult.ALLOW);
        assertThat(received.details().get("serial"))
                .isEqualTo(issued.details().get("serial"))
                .isEqualTo(cross.getSerialNumber().toString(16));
    }

    @Test
    void aMemberWithoutOneGetsItAtItsNextMembershipRefresh() {
        join();
        X509Certificate first = us.regions.service().crossCertificate().orElseThrow();

        // GIVEN the control region keeps none for us-east-1 (a member that joined before cross-certification)
        eu.execute("DELETE FROM region_cross_certificates");

        // WHEN us-east-1 refreshes its membership
        us.regions.service().refreshMembers();

        // THEN the control region issued a new one, kept it, and us-east-1 took it in place of the first
        X509Certificate second = us.regions.service().crossCertificate().orElseThrow();
        assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertThat(CrossCertificates.certifies(
                        second,
                        us.hierarchy.root().certificate(),
                        eu.hierarchy.root().certificate()))
                .isTrue();
        assertThat(eu.count("SELECT COUNT(*) FROM region_cross_certificates WHERE region = 'us-east-1'"))
                .isEqualTo(1);
        assertThat(eu.events(RegionEvents.CROSS_CERTIFY)).hasSize(2);
        assertThat(us.events("region:ReceiveCrossCertificate")).hasSize(2);

        // AND a refresh that brings the same one again changes and audits nothing
        us.regions.service().refreshMembers();
        assertThat(eu.events(RegionEvents.CROSS_CERTIFY)).hasSize(2);
        assertThat(us.events("region:ReceiveCrossCertificate")).hasSize(2);
    }

    @Test
    void aRegionThatLeavesKeepsNoCrossCertificateOnEitherSide() {
        join();

        us.regions.leave();

        assertThat(us.regions.service().crossCertificate()).isEmpty();
        assertThat(us.count("SELECT COUNT(*) FROM region_cross_certificates")).isZero();
        assertThat(eu.count("SELECT COUNT(*) FROM region_cross_certificates")).isZero();
        assertThat(us.regions.service().deploymentRoot())
                .isEqualTo(us.hierarchy.root().certificate());
    }

    @Test
    void aJoinWhileTheDeploymentRootsKeyIsOfflineSucceedsWithoutOneAndTheRefusalIsAuditedOnce() {
        // GIVEN a control region whose root key is offline
        try (TestRegion offline = new TestRegion(dir, "eu-central-1", "", false)) {
            String token = offline.regions.createJoinToken("us-east-1", Duration.ofMinutes(5));

            // WHEN us-east-1 joins, and refreshes its membership twice
            us.regions.join(token, Optional.empty());
            us.regions.service().refreshMembers();
            us.regions.service().refreshMembers();

            // THEN it is a member without a cross certificate, and the control region audited one refusal
            assertThat(us.regions.service().crossCertificate()).isEmpty();
            assertThat(us.regions.service().deploymentRoot())
                    .isEqualTo(offline.hierarchy.root().certificate());
            AuditEvent refused = only(offline.events(RegionEvents.CROSS_CERTIFY));
            assertThat(refused.result()).isEqualTo(AuditResult.DENY);
            assertThat(refused.details()).containsEntry("reason", "CA_NOT_AVAILABLE");
            assertThat(us.events("region:ReceiveCrossCertificate")).isEmpty();
        }
    }

    private void join() {
        String token = eu.regions.createJoinToken("us-east-1", Duration.ofMinutes(5));
        us.regions.join(token, Optional.empty());
    }

    private static AuditEvent only(List<AuditEvent> events) {
        assertThat(events).hasSize(1);
        return events.get(0);
    }
}
