package dev.warden.region.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditResult;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.forward.IamContainment;
import dev.warden.testkit.DelayingProxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A playbook in a member region disables a user at the control region over the real mutual-TLS link; the change
 * log carries it to every other member. With the control region out of reach the request fails, audited.
 */
class IamContainmentTest {
    @TempDir
    Path dir;

    @Test
    void aMembersDisableIsMadeAtTheControlRegionAndReachesEveryRegion() throws Exception {
        try (TestRegion eu = new TestRegion(dir, "eu-west-1");
                TestRegion us = new TestRegion(dir, "us-east-1");
                TestRegion ap = new TestRegion(dir, "ap-southeast-1")) {
            eu.execute("INSERT INTO users (name, password_hash, mfa_enabled, mfa_last_step, failed_logins,"
                    + " locked_until, created_at) VALUES ('mallory', 'h1', 0, 0, 0, 0, 1)");
            join(eu, us);
            join(eu, ap);
            await(() -> ap.count("SELECT COUNT(*) FROM users WHERE name = 'mallory' AND disabled = 0") == 1);
            // the control region's IAM services, as the node wires them (here: the row UserService.disable writes)
            eu.regions.startContainment(r -> {
                eu.execute("UPDATE users SET disabled = 1 WHERE name = '" + r.name() + "'");
                return new IamContainment.Outcome(true, "disabled");
            });
            IamContainment member = us.regions.startContainment(r -> {
                throw new AssertionError("a member never applies a containment itself");
            });
            assertThat(member.controlRegion()).contains("eu-west-1");

            // WHEN a playbook in us-east-1 disables mallory
            IamContainment.Outcome outcome =
                    member.atControl("17", IamContainment.Operation.DISABLE, "user", "mallory");

            // THEN eu-west-1 made the change, and it reaches ap-southeast-1 (which was never asked) through the log
            assertThat(outcome.changed()).isTrue();
            assertThat(eu.count("SELECT disabled FROM users WHERE name = 'mallory'"))
                    .isEqualTo(1);
            await(() -> ap.count("SELECT COUNT(*) FROM users WHERE name = 'mallory' AND disabled = 1") == 1);

            // AND both ends audited it under one request id and the incident's id
            AuditEvent asked = only(us.events("region:RequestContainment"));
            AuditEvent applied = only(eu.events("region:ApplyContainment"));
            assertThat(asked.result()).isEqualTo(AuditResult.ALLOW);
            assertThat(applied.result()).isEqualTo(AuditResult.ALLOW);
            assertThat(applied.details().get("requestId"))
                    .isEqualTo(asked.details().get("requestId"));
            assertThat(applied.details().get("incidentId")).isEqualTo("17");
            assertThat(applied.details().get("requestedIn")).isEqualTo("us-east-1");
            assertThat(applied.resource()).isEqualTo("arn:warden:iam::default:user/mallory");
            assertThat(applied.principal().id()).isEqualTo("incident-playbook");

            // AND a control region is never asked to contain by itself, nor for a principal that is not a name
            assertThatThrownBy(() -> eu.regions
                            .containment()
                            .orElseThrow()
                            .atControl("17", IamContainment.Operation.DISABLE, "user", "mallory"))
                    .isInstanceOfSatisfying(
                            RegionException.class,
                            e -> assertThat(e.reason()).isEqualTo(RegionReason.NOT_IN_DEPLOYMENT));
            assertThatThrownBy(() -> member.atControl("17", IamContainment.Operation.DISABLE, "user", "x' OR 1=1"))
                    .isInstanceOfSatisfying(
                            RegionException.class, e -> assertThat(e.reason()).isEqualTo(RegionReason.LINK_REFUSED));
        }
    }

    @Test
    void withTheControlRegionOutOfReachTheRequestFailsAndIsAuditedAndARetryAfterwardsWorks() throws Exception {
        try (TestRegion eu = new TestRegion(dir, "eu-west-1");
                TestRegion us = new TestRegion(dir, "us-east-1")) {
            eu.execute("INSERT INTO service_accounts (name, created_at) VALUES ('uploader', 1)");
            URI euLink = URI.create(eu.regions.service().local().linkUrl());
            try (DelayingProxy proxy = new DelayingProxy(euLink.getHost(), euLink.getPort(), Duration.ZERO)) {
                us.regions.join(
                        eu.regions.createJoinToken("us-east-1", Duration.ofMinutes(5)),
                        Optional.of("https://localhost:" + proxy.port()));
                eu.regions.startContainment(r -> {
                    eu.execute("UPDATE service_accounts SET disabled = 1 WHERE name = '" + r.name() + "'");
                    return new IamContainment.Outcome(true, "disabled");
                });
                IamContainment member = us.regions.startContainment(r -> {
                    throw new AssertionError("a member never applies a containment itself");
                });

                // WHEN the link is cut and a playbook in us-east-1 disables the service account
                proxy.cut();
                // THEN the request fails with the link's reason, nothing is pretended, and us-east-1 audited it
                assertThatThrownBy(
                                () -> member.atControl("18", IamContainment.Operation.DISABLE, "service", "uploader"))
                        .isInstanceOfSatisfying(
                                RegionException.class,
                                e -> assertThat(e.reason()).isEqualTo(RegionReason.LINK_UNAVAILABLE));
                AuditEvent asked = only(us.events("region:RequestContainment"));
                assertThat(asked.result()).isEqualTo(AuditResult.ERROR);
                assertThat(asked.details().get("reason")).isEqualTo("LINK_UNAVAILABLE");
                assertThat(asked.details().get("controlRegion")).isEqualTo("eu-west-1");
                assertThat(eu.count("SELECT disabled FROM service_accounts WHERE name = 'uploader'"))
                        .isZero();
                assertThat(eu.events("region:ApplyContainment")).isEmpty();

                // WHEN the link is back THEN the same request, retried, is made at the control region
                proxy.restore();
                assertThat(member.atControl("18", IamContainment.Operation.DISABLE, "service", "uploader")
                                .changed())
                        .isTrue();
                // (the change log carries it on to every region, as the first test shows)
                assertThat(eu.count("SELECT disabled FROM service_accounts WHERE name = 'uploader'"))
                        .isEqualTo(1);
                assertThat(only(eu.events("region:ApplyContainment")).details()).containsEntry("incidentId", "18");
            }
        }
    }

    private static void join(TestRegion control, TestRegion member) {
        member.regions.join(control.regions.createJoinToken(member.name, Duration.ofMinutes(5)), Optional.empty());
    }

    private static AuditEvent only(List<AuditEvent> events) {
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 15 s");
            }
            Thread.sleep(20);
        }
    }
}
