package dev.warden.region.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Global and regional policies and thing groups over a real link (issue 24): what the control region replicates, what
 * each region keeps, and a global name that collides with a member's regional one.
 */
class RegionalScopeReplicationTest {
    @TempDir
    Path dir;

    private TestRegion eu;
    private TestRegion us;

    @BeforeEach
    void regions() throws Exception {
        eu = new TestRegion(dir, "eu-west-1");
        us = new TestRegion(dir, "us-east-1");
        // GIVEN us-east-1 has a regional policy of its own, attached to a regional thing group, before it joins
        us.execute(policy("us-local", "{}", "regional"));
        us.execute("INSERT INTO thing_groups (name, created_at, scope) VALUES ('lab', 1, 'regional')");
        us.execute("INSERT INTO principal_policies (principal_type, principal_id, policy_name)"
                + " VALUES ('thinggroup', 'lab', 'us-local')");
        us.regions.join(eu.regions.createJoinToken("us-east-1", Duration.ofMinutes(5)), java.util.Optional.empty());
    }

    @AfterEach
    void close() {
        us.close();
        eu.close();
    }

    @Test
    void globalRowsReachTheMemberAndRegionalRowsStayWhereTheyWereMade() throws Exception {
        // WHEN eu-west-1 makes a regional policy, a global policy and a global thing group it is attached to
        eu.execute(policy("eu-local", "{}", "regional"));
        eu.execute(policy("fleet", "{}", "global"));
        eu.execute("INSERT INTO thing_groups (name, created_at, scope) VALUES ('sensors', 1, 'global')");
        eu.execute("INSERT INTO principal_policies (principal_type, principal_id, policy_name)"
                + " VALUES ('thinggroup', 'sensors', 'fleet'), ('thinggroup', 'sensors', 'eu-local')");
        eu.regions.iamChanged();

        // THEN the global group and its attachment of the global policy reach us-east-1
        await(() -> us.count("SELECT COUNT(*) FROM principal_policies WHERE principal_type = 'thinggroup'"
                        + " AND principal_id = 'sensors' AND policy_name = 'fleet'")
                == 1);
        assertThat(us.count("SELECT COUNT(*) FROM thing_groups WHERE name = 'sensors' AND scope = 'global'"))
                .isEqualTo(1);
        // AND eu-west-1's regional policy, and its attachment, never leave eu-west-1
        assertThat(us.count("SELECT COUNT(*) FROM policies WHERE name = 'eu-local'"))
                .isZero();
        assertThat(us.count("SELECT COUNT(*) FROM principal_policies WHERE policy_name = 'eu-local'"))
                .isZero();
        // AND us-east-1's own regional policy, group and attachment survived the join and the changes
        assertThat(us.count("SELECT COUNT(*) FROM policies WHERE name = 'us-local' AND scope = 'regional'"))
                .isEqualTo(1);
        assertThat(us.count("SELECT COUNT(*) FROM principal_policies WHERE principal_id = 'lab'"))
                .isEqualTo(1);
        assertThat(eu.count("SELECT COUNT(*) FROM policies WHERE name = 'us-local'"))
                .isZero();
    }

    @Test
    void aGlobalPolicyNamedLikeAMembersRegionalOneWaitsUntilTheMemberResolvesIt() throws Exception {
        // WHEN eu-west-1 makes a global policy named like us-east-1's regional one, then another change
        long before = eu.regions.iamLastSeq().orElseThrow();
        eu.execute(policy("us-local", "{\"from\":\"eu\"}", "global"));
        eu.regions.iamChanged();
        await(() -> eu.regions.iamLastSeq().orElseThrow() > before);
        eu.execute("INSERT INTO roles (name, trust_policy, max_session_seconds, created_at)"
                + " VALUES ('auditor', '{}', 3600, 1)");
        eu.regions.iamChanged();

        // THEN us-east-1 refuses to apply it, says why in its status, and keeps its own policy as it was
        await(() -> String.valueOf(us.regions.replication().orElseThrow().lastError())
                .contains("REGIONAL_NAME_CONFLICT"));
        ReplicationStatus status = us.regions.replication().orElseThrow();
        assertThat(status.controlSeq()).isGreaterThan(status.appliedSeq());
        assertThat(status.connected()).isTrue();
        assertThat(us.count("SELECT COUNT(*) FROM policies WHERE name = 'us-local' AND scope = 'regional'"
                        + " AND document = '{}'"))
                .isEqualTo(1);
        assertThat(us.count("SELECT COUNT(*) FROM roles WHERE name = 'auditor'"))
                .isZero();
        // AND the refusal is audited once, with its reason, however often the member tries again
        Thread.sleep(1_000);
        List<AuditEvent> refused = us.events("region:ApplyIamChanges").stream()
                .filter(e -> e.result() == AuditResult.DENY)
                .toList();
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).details()).containsEntry("reason", "REGIONAL_NAME_CONFLICT");

        // WHEN us-east-1's operators delete their regional policy THEN the global one and what followed it arrive
        us.execute("DELETE FROM principal_policies WHERE policy_name = 'us-local'");
        us.execute("DELETE FROM policies WHERE name = 'us-local'");
        await(() -> us.count("SELECT COUNT(*) FROM roles WHERE name = 'auditor'") == 1);
        assertThat(us.count("SELECT COUNT(*) FROM policies WHERE name = 'us-local' AND scope = 'global'"))
                .isEqualTo(1);
        // The replica clears its error just after the commit that applied the entry: waited for, not read at once.
        await(() -> us.regions.replication().orElseThrow().lastError() == null);
    }

    private static String policy(String name, String document, String scope) {
        return "INSERT INTO policies (name, document, built_in, created_at, updated_at, scope) VALUES ('" + name
                + "', '" + document + "', 0, 1, 1, '" + scope + "')";
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s");
            }
            Thread.sleep(20);
        }
    }
}
