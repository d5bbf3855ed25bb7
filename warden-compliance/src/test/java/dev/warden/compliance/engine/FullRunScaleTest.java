package dev.warden.compliance.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.compliance.ComplianceSettings;
import dev.warden.compliance.TestCertificates;
import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.NodeFacts;
import dev.warden.compliance.inventory.InventoryReader;
import dev.warden.compliance.inventory.LiveSession;
import dev.warden.compliance.inventory.NodeSources;
import dev.warden.compliance.store.RunRecord;
import dev.warden.pki.Fingerprints;
import dev.warden.pki.Pem;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full run over a generated fleet on SQLite: things, device certificates (each with a key of its own), policies
 * attached to things, thing groups, users and roles, written straight into the tables. In the suite it runs small
 * (2,000 things, 200 policies); at the issue's scale (100,000 things and certificates, 10,000 policies) with
 * {@code -Dcompliance.scale=true}. Either way it prints the times of a first (cold) and a second full run and of an
 * on-change run of the policy checks, and holds the run to 30 s.
 */
class FullRunScaleTest {
    private static final String REGION = "eu-west-1";
    private static final boolean FULL = Boolean.getBoolean("compliance.scale");
    private static final int THINGS = FULL ? 100_000 : 2_000;
    private static final int POLICIES = FULL ? 10_000 : 200;
    private static final int USERS = FULL ? 1_000 : 50;

    @TempDir
    Path dir;

    @Test
    void aFullRunOverAHundredThousandThingsAndCertificates() {
        Instant now = Instant.now();
        TestCertificates pki = new TestCertificates();
        try (Database db = Database.open(null, dir)) {
            long generated = System.nanoTime();
            fill(db, pki, now);
            System.out.printf(
                    "generated and stored the fleet in %d s%n", (System.nanoTime() - generated) / 1_000_000_000);
            ComplianceSettings settings = ComplianceSettings.defaults(REGION, "acme");
            NodeSources sources = new NodeSources(
                    () -> new NodeFacts(
                            REGION,
                            "acme",
                            false,
                            false,
                            true,
                            "sealed-file",
                            false,
                            List.of("TLSv1.3", "TLSv1.2"),
                            true,
                            true,
                            false,
                            "",
                            "sqlite"),
                    List::<LiveSession>of,
                    () -> List.of(pki.ca),
                    () -> Set.of(Fingerprints.sha256Hex(pki.ca)),
                    List::of,
                    () -> true,
                    List::of);
            ComplianceEngine engine = new ComplianceEngine(
                    db, new InventoryReader(db, settings, sources), settings, new Silent(), Clock.systemUTC());

            RunOutcome cold = engine.run(EnumSet.allOf(CheckId.class), "scheduled");
            RunOutcome warm = engine.run(EnumSet.allOf(CheckId.class), "scheduled");
            db.useTransaction(h -> h.execute(
                    "UPDATE policies SET document = ? WHERE name = ?",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:*\","
                            + "\"Resource\":\"*\"}]}",
                    "device-7"));
            long change = System.nanoTime();
            RunOutcome onChange = engine.run(
                    EnumSet.of(
                            CheckId.IOT_POLICY_OVERLY_PERMISSIVE, CheckId.IOT_POLICY_POTENTIAL_MISCONFIGURATION,
                            CheckId.IAM_POLICY_ADMIN_WILDCARD, CheckId.IAM_POLICY_SERVICE_FULL_ACCESS,
                            CheckId.IAM_USER_WITHOUT_MFA, CheckId.ADMIN_CREDENTIAL_BOOTSTRAP_IN_USE),
                    "change");
            long changeMs = (System.nanoTime() - change) / 1_000_000;

            System.gc();
            Runtime rt = Runtime.getRuntime();
            System.out.printf(
                    "heap in use after the runs (the reader's caches included): %d MB%n",
                    (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
            System.out.printf(
                    "full run, cold: %d ms (%s)%n", cold.run().duration().toMillis(), summary(cold.run()));
            System.out.printf(
                    "full run, warm: %d ms (%s)%n", warm.run().duration().toMillis(), summary(warm.run()));
            System.out.printf(
                    "policy checks after one policy changed: %d ms, opened %d%n",
                    changeMs, onChange.opened().size());
            assertThat(cold.run().failed()).isEmpty();
            assertThat(cold.run().duration()).isLessThan(Duration.ofSeconds(30));
            assertThat(onChange.opened())
                    .extracting(f -> f.finding().resourceArn())
                    .contains("arn:warden:iam::acme:policy/device-7");
        }
    }

    private static String summary(RunRecord r) {
        return "opened " + r.opened() + ", resolved " + r.resolved() + ", open " + r.open();
    }

    /** Things, certificates (1% expiring within 30 days), policies and their attachments, users. */
    private static void fill(Database db, TestCertificates pki, Instant now) {
        List<String[]> certs = IntStream.range(0, THINGS)
                .parallel()
                .mapToObj(i -> {
                    KeyPair key = TestCertificates.ec();
                    Instant issued = now.minus(Duration.ofDays(i % 100 == 0 ? 350 : 30));
                    X509Certificate c = pki.issue("thing-" + i, key, issued, Duration.ofDays(365));
                    return new String[] {
                        c.getSerialNumber().toString(16),
                        Fingerprints.sha256Hex(c),
                        Pem.encode(c),
                        Long.toString(issued.toEpochMilli()),
                        Long.toString(c.getNotAfter().getTime())
                    };
                })
                .toList();
        db.useTransaction(h -> {
            PreparedBatch things = h.prepareBatch("INSERT INTO things (name, region, account, thing_type, attributes,"
                    + " created_at) VALUES (?, ?, 'acme', 'sensor', '{}', ?)");
            PreparedBatch certificates = h.prepareBatch("INSERT INTO certificates (serial, fingerprint, region, kind,"
                    + " subject_cn, status, thing_name, not_before, not_after, pem, created_at, status_changed_at)"
                    + " VALUES (?, ?, ?, 'DEVICE', ?, 'ACTIVE', ?, ?, ?, ?, ?, ?)");
            PreparedBatch attach = h.prepareBatch("INSERT INTO thing_policies (thing_name, policy_name) VALUES (?, ?)");
            for (int i = 0; i < THINGS; i++) {
                String[] c = certs.get(i);
                long issued = Long.parseLong(c[3]);
                things.add("thing-" + i, REGION, issued);
                certificates.add(
                        c[0],
                        c[1],
                        REGION,
                        "thing-" + i,
                        "thing-" + i,
                        issued,
                        Long.parseLong(c[4]),
                        c[2],
                        issued,
                        issued);
                attach.add("thing-" + i, "device-" + (i % 1000));
            }
            things.execute();
            certificates.execute();
            attach.execute();
            policies(h, now);
        });
    }

    /** 1,000 device policies (one in 100 too wide), 9,000 IAM policies on users, groups and roles. */
    private static void policies(org.jdbi.v3.core.Handle h, Instant now) {
        PreparedBatch policies = h.prepareBatch(
                "INSERT INTO policies (name, document, built_in, created_at, updated_at) VALUES (?, ?, 0, ?, ?)");
        PreparedBatch principals = h.prepareBatch(
                "INSERT INTO principal_policies (principal_type, principal_id, policy_name) VALUES (?, ?, ?)");
        PreparedBatch users = h.prepareBatch("INSERT INTO users (name, password_hash, mfa_secret, mfa_enabled,"
                + " mfa_last_step, recovery_codes, failed_logins, locked_until, created_at)"
                + " VALUES (?, 'x', NULL, ?, 0, NULL, 0, 0, ?)");
        String p = "arn:warden:iot:eu-west-1:acme:";
        for (int i = 0; i < POLICIES; i++) {
            String name = i < 1000 ? "device-" + i : "app-" + i;
            String statement = i < 1000
                    ? (i % 100 == 0
                            ? "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"" + p + "client/*\"}"
                            : "{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",\"iot:Receive\"],\"Resource\":\"" + p
                                    + "topic/devices/${iot:Connection.Thing.ThingName}/" + i + "/*\"}")
                    : (i % 500 == 0
                            ? "{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}"
                            : "{\"Effect\":\"Allow\",\"Action\":[\"warden:DescribeThing\",\"warden:ListThings\"],"
                                    + "\"Resource\":\"" + p + "thing/site-" + i + "-*\"}");
            policies.add(
                    name,
                    "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}",
                    now.toEpochMilli(),
                    now.toEpochMilli());
            if (i >= 1000) {
                String type = i % 3 == 0 ? "user" : i % 3 == 1 ? "group" : "role";
                principals.add(type, (type.equals("user") ? "user-" : type + "-") + (i % USERS), name);
            }
        }
        for (int u = 0; u < USERS; u++) {
            users.add("user-" + u, u % 2, now.toEpochMilli());
        }
        policies.execute();
        principals.execute();
        users.execute();
    }

    private static final class Silent implements ComplianceEvents {
        @Override
        public void opened(long id, Finding finding, String status, String why) {}

        @Override
        public void resolved(long id, Finding finding) {}

        @Override
        public void runCompleted(RunRecord run) {}
    }
}
