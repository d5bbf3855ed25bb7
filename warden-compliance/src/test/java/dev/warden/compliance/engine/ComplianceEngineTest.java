package dev.warden.compliance.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.buckets.Bucket;
import dev.warden.compliance.ComplianceException;
import dev.warden.compliance.ComplianceSettings;
import dev.warden.compliance.TestCertificates;
import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.FindingStatus;
import dev.warden.compliance.core.NodeFacts;
import dev.warden.compliance.core.StoredFinding;
import dev.warden.compliance.inventory.InventoryReader;
import dev.warden.compliance.inventory.LiveSession;
import dev.warden.compliance.inventory.NodeSources;
import dev.warden.compliance.store.FindingFilter;
import dev.warden.compliance.store.RunRecord;
import dev.warden.compliance.store.SuppressionRule;
import dev.warden.iam.store.PolicyDao;
import dev.warden.iam.store.PolicyRecord;
import dev.warden.iam.store.UserDao;
import dev.warden.iam.store.UserRecord;
import dev.warden.pki.Fingerprints;
import dev.warden.registry.store.CertificateDao;
import dev.warden.registry.store.CertificateStatus;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine over a real database: misconfigurations written into the other capabilities' tables are found, stay
 * found while they last, resolve when fixed, and a check that cannot read leaves its findings as they were.
 */
class ComplianceEngineTest {
    private static final String REGION = "eu-west-1";
    private static final ComplianceSettings SETTINGS = ComplianceSettings.defaults(REGION, "acme");

    @TempDir
    Path dir;

    private Database db;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final AtomicReference<Supplier<NodeFacts>> facts = new AtomicReference<>(() -> facts(true));
    private final List<Bucket> buckets = new CopyOnWriteArrayList<>();
    private final Recorded events = new Recorded();
    private final TestCertificates pki = new TestCertificates();
    private ComplianceEngine engine;

    static NodeFacts facts(boolean monitoring) {
        return new NodeFacts(
                REGION,
                "acme",
                true,
                false,
                false,
                "sealed-file",
                false,
                List.of("TLSv1.3", "TLSv1.2"),
                true,
                monitoring,
                false,
                "",
                "sqlite");
    }

    /** What a run told the trail. */
    static final class Recorded implements ComplianceEvents {
        final List<String> opened = new CopyOnWriteArrayList<>();
        final List<String> resolved = new CopyOnWriteArrayList<>();
        final List<RunRecord> runs = new CopyOnWriteArrayList<>();

        @Override
        public void opened(long id, Finding finding, String status, String why) {
            opened.add(finding.key());
        }

        @Override
        public void resolved(long id, Finding finding) {
            resolved.add(finding.key());
        }

        @Override
        public void runCompleted(RunRecord run) {
            runs.add(run);
        }
    }

    @BeforeEach
    void open() {
        db = Database.open(null, dir);
        NodeSources sources = new NodeSources(
                () -> facts.get().get(),
                List::<LiveSession>of,
                () -> List.of(pki.ca),
                () -> Set.of(Fingerprints.sha256Hex(pki.ca)),
                () -> List.copyOf(buckets),
                () -> true,
                List::of);
        engine = new ComplianceEngine(db, new InventoryReader(db, SETTINGS, sources), SETTINGS, events, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<StoredFinding> active(CheckId check) {
        return db.read(h -> new dev.warden.compliance.store.FindingDao(h).active(Set.of(check)));
    }

    private void policy(String name, String document) {
        db.useTransaction(h -> new PolicyDao(h).insert(new PolicyRecord(name, document, false, now.get(), now.get())));
    }

    @Test
    void anAdminWildcardAttachedToAUserIsFoundAndResolvesWhenDetached() {
        policy(
                "god",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
        db.useTransaction(h -> {
            new UserDao(h).insert(new UserRecord("alice", "hash", null, false, 0, null, 0, Instant.EPOCH, now.get()));
            new PolicyDao(h).attachToPrincipal("god", "user", "alice");
        });

        RunOutcome first = engine.run(EnumSet.allOf(CheckId.class), "manual");

        assertThat(first.run().failed()).isEmpty();
        assertThat(first.opened())
                .extracting(f -> f.finding().check())
                .contains(CheckId.IAM_POLICY_ADMIN_WILDCARD, CheckId.IAM_USER_WITHOUT_MFA);
        StoredFinding wildcard = active(CheckId.IAM_POLICY_ADMIN_WILDCARD).get(0);
        assertThat(wildcard.finding().resourceArn()).isEqualTo("arn:warden:iam::acme:policy/god");
        assertThat(wildcard.finding().fix())
                .hasValueSatisfying(f -> assertThat(f.path()).isEqualTo("/policies/god/detach"));
        assertThat(events.opened).contains(wildcard.finding().key());
        assertThat(events.runs).hasSize(1);

        // still there: seen again, not opened twice
        now.set(now.get().plusSeconds(60));
        RunOutcome again = engine.run(EnumSet.of(CheckId.IAM_POLICY_ADMIN_WILDCARD), "change");
        assertThat(again.opened()).isEmpty();
        StoredFinding seen = active(CheckId.IAM_POLICY_ADMIN_WILDCARD).get(0);
        assertThat(seen.id()).isEqualTo(wildcard.id());
        assertThat(seen.lastSeen()).isAfter(wildcard.lastSeen());

        db.useTransaction(h -> new PolicyDao(h).detachFromPrincipal("god", "user", "alice"));
        RunOutcome fixed =
                engine.run(EnumSet.of(CheckId.IAM_POLICY_ADMIN_WILDCARD, CheckId.IAM_USER_WITHOUT_MFA), "change");

        assertThat(fixed.resolved())
                .extracting(f -> f.finding().check())
                .containsExactlyInAnyOrder(CheckId.IAM_POLICY_ADMIN_WILDCARD, CheckId.IAM_USER_WITHOUT_MFA);
        assertThat(active(CheckId.IAM_POLICY_ADMIN_WILDCARD)).isEmpty();
        assertThat(events.resolved).contains(wildcard.finding().key());
        assertThat(fixed.run().resolved()).isEqualTo(2);
    }

    @Test
    void anExpiringDeviceCertificateIsReadFromItsPem() {
        X509Certificate soon =
                pki.issue("dev-1", TestCertificates.ec(), now.get().minus(Duration.ofDays(350)), Duration.ofDays(365));
        X509Certificate weak = pki.issue(
                "dev-2", TestCertificates.rsa(1024), now.get().minus(Duration.ofDays(1)), Duration.ofDays(365));
        db.useTransaction(h -> {
            new CertificateDao(h).insert(TestCertificates.record(soon, REGION, "dev-1", CertificateStatus.ACTIVE));
            new CertificateDao(h).insert(TestCertificates.record(weak, REGION, "dev-2", CertificateStatus.ACTIVE));
        });

        engine.run(EnumSet.allOf(CheckId.class), "manual");

        assertThat(active(CheckId.DEVICE_CERTIFICATE_EXPIRING))
                .singleElement()
                .satisfies(
                        f -> assertThat(f.finding().detail()).contains("dev-1").containsPattern("in 1[45] days"));
        assertThat(active(CheckId.DEVICE_CERTIFICATE_KEY_QUALITY))
                .singleElement()
                .satisfies(f -> assertThat(f.finding().reasonCode()).isEqualTo("WEAK_RSA_KEY"));
        // the node's own CA is sound: no CA finding
        assertThat(active(CheckId.CA_CERTIFICATE_KEY_QUALITY)).isEmpty();
        assertThat(active(CheckId.CA_CERTIFICATE_EXPIRING)).isEmpty();
    }

    @Test
    void aCheckThatCannotReadLeavesItsFindingsAsTheyWere() {
        facts.set(() -> facts(false));
        engine.run(EnumSet.of(CheckId.MONITORING_DISABLED), "manual");
        assertThat(active(CheckId.MONITORING_DISABLED)).hasSize(1);

        facts.set(() -> {
            throw new IllegalStateException("the node's facts are unreadable");
        });
        RunOutcome failed = engine.run(EnumSet.of(CheckId.MONITORING_DISABLED), "change");

        assertThat(failed.run().failed()).containsExactly(CheckId.MONITORING_DISABLED);
        assertThat(failed.resolved()).isEmpty();
        assertThat(active(CheckId.MONITORING_DISABLED)).hasSize(1);

        facts.set(() -> facts(true));
        assertThat(engine.run(EnumSet.of(CheckId.MONITORING_DISABLED), "change").resolved())
                .hasSize(1);
    }

    @Test
    void suppressionsAndBaselinesSetFindingsAsideUntilLiftedOrExpired() {
        facts.set(() -> facts(false));
        ComplianceWorker worker = new ComplianceWorker(engine, Duration.ofMillis(10));
        try {
            ComplianceService service = new ComplianceService(db, worker, clock);
            service.run(EnumSet.allOf(CheckId.class), "manual", Duration.ofSeconds(30));
            long monitoring = active(CheckId.MONITORING_DISABLED).get(0).id();

            assertThatThrownBy(() -> service.suppress(monitoring, " ", now.get().plusSeconds(60), "user:alice"))
                    .isInstanceOf(ComplianceException.class);
            assertThatThrownBy(
                            () -> service.suppress(monitoring, "lab", now.get().plus(Duration.ofDays(400)), "u"))
                    .isInstanceOf(ComplianceException.class);
            SuppressionRule rule =
                    service.suppress(monitoring, "lab node", now.get().plusSeconds(3600), "user:alice");
            assertThat(service.finding(monitoring).status()).isEqualTo(FindingStatus.SUPPRESSED);

            // a run keeps it suppressed; once the suppression expires, the next run opens it again
            service.run(EnumSet.of(CheckId.MONITORING_DISABLED), "manual", Duration.ofSeconds(30));
            assertThat(service.finding(monitoring).status()).isEqualTo(FindingStatus.SUPPRESSED);
            now.set(now.get().plusSeconds(7200));
            service.run(EnumSet.of(CheckId.CA_KEY_NOT_IN_HSM), "manual", Duration.ofSeconds(30));
            assertThat(service.finding(monitoring).status()).isEqualTo(FindingStatus.OPEN);
            assertThat(events.opened.stream().filter(k -> k.startsWith("MONITORING_DISABLED")))
                    .hasSize(2);

            // a baseline accepts everything open now; what appears later is open
            List<SuppressionRule> baseline =
                    service.baseline("accepted at go-live", now.get().plusSeconds(3600), "user:bob");
            assertThat(baseline)
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.baseline()).isTrue());
            assertThat(service.findings(FindingFilter.activeOnly()))
                    .allSatisfy(f -> assertThat(f.status()).isEqualTo(FindingStatus.SUPPRESSED));
            policy(
                    "later",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:*\","
                            + "\"Resource\":\"*\"}]}");
            RunOutcome later = service.run(EnumSet.allOf(CheckId.class), "manual", Duration.ofSeconds(30));
            assertThat(later.opened()).singleElement().satisfies(f -> {
                assertThat(f.finding().check()).isEqualTo(CheckId.IOT_POLICY_OVERLY_PERMISSIVE);
                assertThat(f.status()).isEqualTo(FindingStatus.OPEN);
            });

            // lifting a suppression opens what it set aside at once
            assertThat(service.unsuppress(baseline.get(0).id())).hasSize(1);
            assertThatThrownBy(() -> service.unsuppress(rule.id() + 10_000)).isInstanceOf(ComplianceException.class);
            assertThat(service.runs(Instant.EPOCH, 100)).hasSizeGreaterThanOrEqualTo(4);
            assertThat(service.checksRun()).containsExactlyInAnyOrder(CheckId.values());
            assertThat(service.history(Instant.EPOCH)).hasSizeGreaterThanOrEqualTo(4);
        } finally {
            worker.close();
        }
    }

    @Test
    void changesAreGatheredIntoOneRunAfterTheDebounce() throws Exception {
        List<Set<CheckId>> ran = new ArrayList<>();
        ComplianceWorker worker = new ComplianceWorker(engine, Duration.ofMillis(200));
        try {
            ChangeTrigger trigger = new ChangeTrigger(checks -> {
                ran.add(checks);
                worker.onChange(checks);
            });
            trigger.accept(outcome("kms:RotateKey", "200"));
            trigger.accept(outcome("warden:PutBucketPolicy", "200"));
            trigger.accept(outcome("warden:PutBucketPolicy", "403"));
            trigger.accept(outcome("warden:DescribeThing", "200"));
            assertThat(ran).hasSize(2);
            long deadline = System.currentTimeMillis() + 5_000;
            while (events.runs.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            assertThat(events.runs).singleElement().satisfies(r -> {
                assertThat(r.trigger()).isEqualTo("change");
                assertThat(r.checks())
                        .containsExactlyInAnyOrder(CheckId.KMS_KEY_ROTATION_OVERDUE, CheckId.BUCKET_PUBLIC);
            });
        } finally {
            worker.close();
        }
    }

    private static dev.warden.audit.AuditEvent outcome(String action, String status) {
        return dev.warden.audit.AuditEvent.builder(REGION, "node-1")
                .action(action)
                .principal(new dev.warden.audit.AuditPrincipal("user", "alice", "jti:1"))
                .result(status.startsWith("2") ? dev.warden.audit.AuditResult.ALLOW : dev.warden.audit.AuditResult.DENY)
                .detail("method", "POST")
                .detail("status", status)
                .build(System.currentTimeMillis() * 1_000_000);
    }

    @Test
    void aFrameworkNotInTheBuildIsRefused() {
        ComplianceService service = new ComplianceService(db, null, clock);
        assertThatThrownBy(() -> service.checksOf("no-such-framework"))
                .isInstanceOf(ComplianceException.class)
                .hasMessageContaining("no framework");
        assertThat(Optional.of(service)).isPresent();
    }
}
