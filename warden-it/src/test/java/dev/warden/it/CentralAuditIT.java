package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.region.audit.ShippingStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Central audit between two whole nodes: us-east-1 joins eu-west-1's deployment, its trail reaches eu-west-1 (the
 * audit region) within seconds, is looked up there with {@code audit query --region}, and verifies offline with
 * {@code audit verify --all-regions} until an event kept there is edited.
 */
class CentralAuditIT {
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aMembersTrailIsKeptVerifiedAndQueriedInTheAuditRegion() throws Exception {
        try (NodeHarness eu = NodeHarness.region(dir, "eu-west-1");
                NodeHarness us = NodeHarness.region(dir, "us-east-1")) {
            // (through the nodes' own Regions: the warden region commands come with another change)
            String token = eu.node.regions().createJoinToken("us-east-1", Duration.ofMinutes(10));
            us.node.regions().join(token, java.util.Optional.empty());

            // THEN us-east-1's trail, its join included, reaches eu-west-1
            await(
                    "us-east-1's join kept in eu-west-1",
                    () -> eu.cli("audit", "query", "--region", "us-east-1", "--action", "region:Join")
                            .out()
                            .contains("region/us-east-1"));
            await("us-east-1 shipped everything", () -> {
                ShippingStatus s = us.node
                        .regions()
                        .centralAudit()
                        .orElseThrow()
                        .shipping()
                        .orElseThrow();
                return s.connected() && s.shippedSeq() == s.localSeq();
            });
            String all = ok(eu.cli("audit", "query", "--all-regions", "--action", "region:AcceptJoin"))
                    .out();
            assertThat(all).contains("eu-west-1").contains("region/us-east-1");

            // AND eu-west-1 verifies its own trail and us-east-1's chain offline
            NodeHarness.CliResult verified = ok(eu.cli("audit", "verify", "--all-regions"));
            assertThat(verified.out())
                    .contains("region us-east-1 (kept by central audit)")
                    .contains(": OK");

            // WHEN an event kept for us-east-1 is edited in eu-west-1's database THEN the verification names it
            try (var db = dev.warden.storage.Database.open(null, eu.dataDir)) {
                // (us-east-1's first event is its join: a fresh node records nothing before)
                int edited = db.jdbi()
                        .withHandle(h -> h.execute("UPDATE region_audit_events SET action = 'region:Other'"
                                + " WHERE region = 'us-east-1' AND seq = 1"));
                assertThat(edited).isEqualTo(1);
            }
            NodeHarness.CliResult broken = eu.cli("audit", "verify", "--all-regions");
            assertThat(broken.exitCode()).isNotZero();
            assertThat(broken.out())
                    .contains("region us-east-1 (kept by central audit)")
                    .contains("BROKEN");
        }
    }

    private static void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + WITHIN.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }
}
