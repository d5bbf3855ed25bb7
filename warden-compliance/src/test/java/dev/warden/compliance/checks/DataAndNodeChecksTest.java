package dev.warden.compliance.checks;

import static dev.warden.compliance.checks.TestInventory.CONTEXT;
import static dev.warden.compliance.checks.TestInventory.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.Severity;
import dev.warden.compliance.inventory.AuditView;
import dev.warden.compliance.inventory.BucketView;
import dev.warden.compliance.inventory.BucketsView;
import dev.warden.compliance.inventory.KmsKeyView;
import dev.warden.compliance.inventory.RegionIamView;
import dev.warden.compliance.inventory.ReplicationView;
import dev.warden.compliance.inventory.SecretView;
import dev.warden.kms.KeySpec;
import dev.warden.kms.KeyState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The data and node checks on hand-built inventories. */
class DataAndNodeChecksTest {
    private static List<Finding> run(CheckId id, TestInventory inventory) {
        return Checks.of(id).evaluate(inventory.build(), CONTEXT);
    }

    private static BucketView bucket(String name, boolean everyone) {
        return new BucketView(name, "arn:warden:warden:eu-west-1:acme:bucket/" + name, Optional.of("{}"), everyone);
    }

    @Test
    void aPublicBucketPolicyIsCriticalAndItsFixDeletesIt() {
        TestInventory node = new TestInventory();
        node.buckets = new BucketsView(false, List.of(bucket("firmware", true), bucket("private", false)));

        List<Finding> found = run(CheckId.BUCKET_PUBLIC, node);

        assertThat(found)
                .extracting(Finding::reasonCode, Finding::severity)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("POLICY_GRANTS_EVERYONE", Severity.CRITICAL),
                        org.assertj.core.groups.Tuple.tuple("BLOCK_PUBLIC_ACCESS_OFF", Severity.HIGH));
        assertThat(found.get(0).fix()).hasValueSatisfying(f -> {
            assertThat(f.command()).isEqualTo("warden bucket policy-delete firmware");
            assertThat(f.method()).isEqualTo("DELETE");
            assertThat(f.path()).isEqualTo("/buckets/firmware/policy");
        });
        // Block Public Access cannot be turned on while a public policy exists: no fix offered for it yet
        assertThat(found.get(1).fix()).isEmpty();
    }

    @Test
    void blockPublicAccessOffAloneIsFixedByTurningItOn() {
        TestInventory node = new TestInventory();
        node.buckets = new BucketsView(false, List.of(bucket("private", false)));
        assertThat(run(CheckId.BUCKET_PUBLIC, node)).singleElement().satisfies(f -> {
            assertThat(f.resourceArn()).isEqualTo("arn:warden:warden:eu-west-1:acme:public-access-block");
            assertThat(f.fix()).hasValueSatisfying(fix -> {
                assertThat(fix.command()).isEqualTo("warden bucket public-access-block --on");
                assertThat(fix.method()).isEqualTo("PUT");
                assertThat(fix.body()).isEqualTo("{\"blockPublicPolicy\":true}");
                assertThat(fix.iamAction()).isEqualTo("warden:PutPublicAccessBlock");
            });
        });
        node.buckets = new BucketsView(true, List.of(bucket("private", false)));
        assertThat(run(CheckId.BUCKET_PUBLIC, node)).isEmpty();
    }

    @Test
    void keysAndSecretsNotRotatedWithinTheirPeriods() {
        TestInventory node = new TestInventory();
        node.kmsKeys.add(key("fresh", 10, Optional.empty(), KeyState.ENABLED));
        node.kmsKeys.add(key("stale", 400, Optional.of(NOW.minus(Duration.ofDays(366))), KeyState.ENABLED));
        node.kmsKeys.add(key("doomed", 400, Optional.empty(), KeyState.PENDING_DELETION));
        // A signing key is never rotated (the KMS refuses): not overdue however old
        node.kmsKeys.add(new KmsKeyView(
                "arn:warden:kms:eu-west-1:acme:key/tuf-root",
                "tuf-root",
                KeySpec.ECC_NIST_P256,
                KeyState.ENABLED,
                NOW.minus(Duration.ofDays(800)),
                Optional.empty()));
        node.secrets.add(new SecretView(
                "arn:warden:secrets:eu-west-1:acme:secret/db", "db", NOW.minus(Duration.ofDays(91)), Optional.empty()));
        node.secrets.add(new SecretView(
                "arn:warden:secrets:eu-west-1:acme:secret/api",
                "api",
                NOW.minus(Duration.ofDays(200)),
                Optional.of(NOW.minus(Duration.ofDays(5)))));

        assertThat(run(CheckId.KMS_KEY_ROTATION_OVERDUE, node)).singleElement().satisfies(f -> {
            assertThat(f.reasonCode()).isEqualTo("ROTATION_OVERDUE");
            assertThat(f.fix()).hasValueSatisfying(fix -> assertThat(fix.path()).isEqualTo("/kms/keys/stale/rotate"));
        });
        assertThat(run(CheckId.SECRET_ROTATION_OVERDUE, node)).singleElement().satisfies(f -> {
            assertThat(f.reasonCode()).isEqualTo("NEVER_ROTATED");
            assertThat(f.fix())
                    .hasValueSatisfying(fix -> assertThat(fix.command()).isEqualTo("warden secret rotate db"));
        });
    }

    private static KmsKeyView key(String name, int ageDays, Optional<java.time.Instant> rotated, KeyState state) {
        return new KmsKeyView(
                "arn:warden:kms:eu-west-1:acme:key/" + name,
                name,
                KeySpec.SYMMETRIC_DEFAULT,
                state,
                NOW.minus(Duration.ofDays(ageDays)),
                rotated);
    }

    @Test
    void nodeFactsMakeTheirFindings() {
        TestInventory weak = new TestInventory();
        weak.node = TestInventory.facts(false, true, true, List.of("TLSv1.3", "TLSv1.1"), false);

        assertThat(run(CheckId.MASTER_KEY_PASSPHRASE_ON_NODE, weak)).hasSize(1);
        assertThat(run(CheckId.CA_KEY_NOT_IN_HSM, weak))
                .singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.HIGH));
        assertThat(run(CheckId.TLS_POLICY_WEAK, weak))
                .singleElement()
                .satisfies(f -> assertThat(f.detail()).contains("TLSv1.1"));
        assertThat(run(CheckId.MONITORING_DISABLED, weak))
                .singleElement()
                .satisfies(f -> assertThat(f.fix()).isEmpty());

        TestInventory laptop = new TestInventory();
        laptop.node = TestInventory.facts(false, false, false, List.of("TLSv1.3", "TLSv1.2"), true);
        assertThat(run(CheckId.CA_KEY_NOT_IN_HSM, laptop))
                .singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.LOW));
        assertThat(run(CheckId.TLS_POLICY_WEAK, laptop)).isEmpty();
        assertThat(run(CheckId.MASTER_KEY_PASSPHRASE_ON_NODE, laptop)).isEmpty();
    }

    @Test
    void aBrokenChainAndAStaleCheckpoint() {
        TestInventory node = new TestInventory();
        node.audit = new AuditView(
                Optional.of(NOW.minus(Duration.ofMinutes(30))), Optional.empty(), List.of("seq 7: hash mismatch"), 90);

        assertThat(run(CheckId.AUDIT_CHAIN_BROKEN, node)).singleElement().satisfies(f -> {
            assertThat(f.resourceArn()).isEqualTo("arn:warden:audit:eu-west-1:acme:trail/eu-west-1");
            assertThat(f.detail()).contains("seq 7");
        });
        assertThat(run(CheckId.AUDIT_DIGEST_STALE, node))
                .singleElement()
                .satisfies(f -> assertThat(f.reasonCode()).isEqualTo("CHECKPOINT_TOO_OLD"));

        // a trail that just started has no checkpoint yet, and that is fine until its heartbeat is overdue
        node.audit = new AuditView(Optional.empty(), Optional.of(NOW.minusSeconds(20)), List.of(), 0);
        assertThat(run(CheckId.AUDIT_DIGEST_STALE, node)).isEmpty();
        node.audit = new AuditView(Optional.empty(), Optional.of(NOW.minus(Duration.ofMinutes(10))), List.of(), 0);
        assertThat(run(CheckId.AUDIT_DIGEST_STALE, node))
                .singleElement()
                .satisfies(f -> assertThat(f.reasonCode()).isEqualTo("NO_CHECKPOINT"));
    }

    @Test
    void dataResidencyFiresForARuleTheJurisdictionsNoLongerAllow() {
        TestInventory node = new TestInventory();
        String arn = "arn:warden:warden:eu-west-1:000000000001:bucket/firmware";
        node.buckets = new BucketsView(
                true,
                List.of(bucket("firmware", false), bucket("logs", false)),
                List.of(
                        new ReplicationView("firmware", arn, "us-east-1", false),
                        new ReplicationView("logs", arn.replace("firmware", "logs"), "eu-central-1", true)));
        assertThat(run(CheckId.DATA_RESIDENCY_VIOLATION, node)).singleElement().satisfies(f -> {
            assertThat(f.resourceArn()).isEqualTo(arn);
            assertThat(f.reasonCode()).isEqualTo("REPLICATION_OUT_OF_JURISDICTION");
            assertThat(f.detail()).contains("us-east-1");
        });
    }

    @Test
    void dataResidencyNeverFiresOnASingleRegionNode() {
        TestInventory node = new TestInventory();
        node.node = TestInventory.facts(false, true, true, List.of("SSLv3"), false);
        assertThat(run(CheckId.DATA_RESIDENCY_VIOLATION, node)).isEmpty();
    }

    /** eu-west-1 as a member of us-east-1's deployment, its copy of IAM {@code staleness} old at NOW. */
    private static RegionIamView member(boolean connected, Duration staleness) {
        return new RegionIamView(
                true,
                "us-east-1",
                connected,
                staleness,
                NOW.minus(staleness),
                connected ? 0 : 2,
                connected ? Optional.empty() : Optional.of("connection refused"));
    }

    @Test
    void aMemberRegionWhoseCopyOfIamIsStalerThanTheBoundIsFoundAndClearsWhenItCatchesUp() {
        TestInventory node = new TestInventory();
        // GIVEN the link to the control region has been down for 61 s (the default bound is 60 s)
        node.regionIam = member(false, Duration.ofSeconds(61));

        assertThat(run(CheckId.REGION_IAM_STALE, node)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.resourceArn()).isEqualTo("arn:warden:region::acme:region/eu-west-1");
            assertThat(f.reasonCode()).isEqualTo("CONTROL_REGION_UNREACHABLE");
            assertThat(f.detail())
                    .contains("more than 60 s old")
                    .contains("us-east-1 was at " + NOW.minusSeconds(61))
                    .contains("2 of its changes are not applied")
                    .contains("connection refused");
            assertThat(f.remediation()).contains("link to us-east-1").contains("warden region status");
            assertThat(f.fix()).isEmpty();
        });

        // WHEN the link is back and the replica has applied everything THEN the status says zero and nothing is found
        node.regionIam = member(true, Duration.ZERO);
        assertThat(run(CheckId.REGION_IAM_STALE, node)).isEmpty();
    }

    @Test
    void aCopyWithinTheBoundIsNotFoundAndTheBoundIsConfigurable() {
        TestInventory node = new TestInventory();
        node.regionIam = member(false, Duration.ofSeconds(60));
        assertThat(run(CheckId.REGION_IAM_STALE, node)).isEmpty();

        var tight = TestInventory.SETTINGS.withThresholds(
                TestInventory.SETTINGS.certificateMaxAge(),
                TestInventory.SETTINGS.unusedAfter(),
                TestInventory.SETTINGS.keyRotationPeriod(),
                TestInventory.SETTINGS.secretRotationPeriod(),
                TestInventory.SETTINGS.auditDigestMaxAge(),
                Duration.ofSeconds(2));
        node.regionIam = member(false, Duration.ofMillis(2_500));
        assertThat(Checks.of(CheckId.REGION_IAM_STALE).evaluate(node.build(), new CheckContext(tight, NOW)))
                .singleElement()
                .satisfies(f -> assertThat(f.detail()).contains("more than 2 s old"));
    }

    @Test
    void aControlRegionOrARegionOnItsOwnHasNoCopyToGoStale() {
        TestInventory standalone = new TestInventory();
        assertThat(run(CheckId.REGION_IAM_STALE, standalone)).isEmpty();

        // a control region reports no replica: even with figures that would be stale in a member, it is not one
        TestInventory control = new TestInventory();
        control.regionIam =
                new RegionIamView(false, "", false, Duration.ofHours(1), Instant.EPOCH, 0, Optional.of("not a member"));
        assertThat(run(CheckId.REGION_IAM_STALE, control)).isEmpty();
    }
}
