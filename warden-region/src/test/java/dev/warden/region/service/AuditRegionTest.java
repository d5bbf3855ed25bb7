package dev.warden.region.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.audit.AuditEvent;
import dev.warden.audit.VerificationReport;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.audit.CentralAuditEvents;
import dev.warden.region.audit.RegionAuditStore;
import dev.warden.region.audit.RegionChainVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment's audit region need not be its control region: named in the control region, it is copied by every
 * member with the membership, and the region named receives every other region's chain (the control region's
 * included) from its start, verified with the keys the control region pinned at each join.
 */
class AuditRegionTest {
    private static final String EU = "eu-west-1";
    private static final String US = "us-east-1";
    private static final String AP = "ap-southeast-1";

    @TempDir
    Path dir;

    @Test
    void aMemberNamedTheAuditRegionReceivesEveryOtherRegionsChainVerified() throws Exception {
        try (TestRegion eu = new TestRegion(dir, EU);
                TestRegion us = new TestRegion(dir, US);
                TestRegion ap = new TestRegion(dir, AP)) {
            us.regions.join(eu.regions.createJoinToken(US, Duration.ofMinutes(5)), Optional.empty());
            ap.regions.join(eu.regions.createJoinToken(AP, Duration.ofMinutes(5)), Optional.empty());
            record(eu, 10);
            record(us, 20);
            record(ap, 5);
            // GIVEN the members' chains reached the control region, the default audit region
            RegionAuditStore euChains = eu.regions.centralAudit().orElseThrow().chains();
            long usHead = us.auditStore.head(US).lastSeq();
            await(() -> euChains.position(US).lastSeq() >= usHead);

            // WHEN a member or an unknown region tries to name it, THEN it is refused
            assertThatThrownBy(() -> us.regions.service().setAuditRegion(US))
                    .isInstanceOfSatisfying(
                            RegionException.class,
                            e -> assertThat(e.reason()).isEqualTo(RegionReason.NOT_CONTROL_REGION));
            assertThatThrownBy(() -> eu.regions.service().setAuditRegion("sa-east-1"))
                    .isInstanceOfSatisfying(
                            RegionException.class, e -> assertThat(e.reason()).isEqualTo(RegionReason.UNKNOWN_REGION));

            // WHEN the control region names us-east-1 the audit region
            assertThat(eu.regions.service().setAuditRegion(US).auditRegion()).isEqualTo(US);
            record(eu, 5);
            record(ap, 5);
            long euHead = eu.auditStore.head(EU).lastSeq();
            long apHead = ap.auditStore.head(AP).lastSeq();

            // THEN us-east-1 receives eu-west-1's and ap-southeast-1's chains from their first event
            RegionAuditStore usChains = us.regions.centralAudit().orElseThrow().chains();
            await(() -> usChains.position(EU).lastSeq() >= euHead
                    && usChains.position(AP).lastSeq() >= apHead);
            List<VerificationReport> reports = new RegionChainVerifier(usChains, null).verifyAll();
            assertThat(reports).extracting(VerificationReport::region).containsExactly(AP, EU);
            assertThat(reports).allSatisfy(r -> {
                assertThat(r.problems()).isEmpty();
                assertThat(r.digestsChecked()).isPositive();
            });
            // AND it ships its own chain no more, while the control region now ships its own
            await(() -> us.regions.centralAudit().orElseThrow().shipping().isEmpty());
            assertThat(eu.regions.centralAudit().orElseThrow().shipping()).isPresent();
            // AND the keys it verified with came from the membership, each pin audited there; the change is audited
            // in the control region
            assertThat(us.events(CentralAuditEvents.PIN_KEY))
                    .extracting(e -> e.principal().id() + "/" + e.details().get("source"))
                    .containsExactlyInAnyOrder(EU + "/membership", AP + "/membership");
            assertThat(eu.events("region:SetAuditRegion")).singleElement().satisfies((AuditEvent e) -> {
                assertThat(e.details()).containsEntry("previous", EU).containsEntry("auditRegion", US);
            });
        }
    }

    private static void record(TestRegion region, int events) {
        for (int i = 0; i < events; i++) {
            region.audit.recordDurable(
                    region.audit.event("warden:CreateThing").resource("arn:thing/" + region.name + "/" + i));
        }
        region.auditLog.flushAndSign();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
