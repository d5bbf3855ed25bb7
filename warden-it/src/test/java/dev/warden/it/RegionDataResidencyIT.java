package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testkit.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data residency, checked in the storage itself: each of two joined regions receives device telemetry, a secret and a
 * bucket object carrying unique markers, and the member's audit trail reaches the audit region. Then no region's
 * database or files hold another region's markers, in the clear or at all; and another region's identifiers (its
 * thing, secret and bucket names) appear only in the audit region's copy of that region's trail, which holds metadata
 * by design (who, what, which resource, result).
 */
class RegionDataResidencyIT {
    @TempDir
    Path dir;

    @Test
    void noRegionHoldsAnotherRegionsDataOnlyTheAuditRegionItsMetadata() throws Exception {
        Map<String, List<String>> markers = new LinkedHashMap<>();
        Map<String, List<String>> names = new LinkedHashMap<>();
        try (NodeHarness eu = NodeHarness.region(dir, "eu-west-1");
                NodeHarness us = NodeHarness.region(dir, "us-east-1")) {
            us.node
                    .regions()
                    .join(eu.node.regions().createJoinToken("us-east-1", Duration.ofMinutes(5)), Optional.empty());
            for (NodeHarness region : List.of(eu, us)) {
                String name = region.node.config().region();
                String suffix = UUID.randomUUID().toString().replace("-", "");
                List<String> data =
                        List.of("MARKER-TELEMETRY-" + suffix, "MARKER-SECRET-" + suffix, "MARKER-OBJECT-" + suffix);
                markers.put(name, data);
                names.put(name, List.of("probe-" + name, "probe-secret-" + name, "probe-bucket-" + name));
                storeMarkers(region, data);
            }
            // AND the member's trail (its events about these objects included) reached the audit region
            us.node.audit().log().flushAndSign();
            awaitShipped(eu, us);
            // THEN each region holds its own data (the test is not vacuous)...
            for (NodeHarness region : List.of(eu, us)) {
                String name = region.node.config().region();
                assertThat(ok(region.cli("data", "query", "probe-" + name, "--json"))
                                .out())
                        .contains(markers.get(name).get(0));
                assertThat(ok(region.cli("secret", "get", "probe-secret-" + name))
                                .out())
                        .contains(markers.get(name).get(1));
            }
            // ...and no other region has any of its identifiers, except in the audit region's copy of its trail
            assertThat(tablesWithout(eu, "region_audit_"))
                    .doesNotContain(names.get("us-east-1").toArray(String[]::new));
            assertThat(tablesWithout(us, "region_audit_"))
                    .doesNotContain(names.get("eu-west-1").toArray(String[]::new));
            assertThat(table(eu, "region_audit_events")).contains("probe-us-east-1");
        }
        // AND, nodes stopped and everything flushed, no region's files hold another's markers, in any form stored
        AtRestScan.assertNoMarkerUnder(dir.resolve("eu-west-1"), markers.get("us-east-1"));
        AtRestScan.assertNoMarkerUnder(dir.resolve("us-east-1"), markers.get("eu-west-1"));
    }

    private void storeMarkers(NodeHarness region, List<String> data) throws Exception {
        String name = region.node.config().region();
        String thing = "probe-" + name;
        Path device = dir.resolve(thing);
        ok(region.cli("device", "enroll", thing, "--out", device.toString()));
        Processes.Result published = Processes.run(
                dir,
                List.of(
                        "mosquitto_pub",
                        "-h",
                        "localhost",
                        "-p",
                        String.valueOf(region.node.mqttPort()),
                        "--cafile",
                        region.dataDir.resolve("pki/root.crt").toString(),
                        "--cert",
                        device.resolve(thing + ".crt").toString(),
                        "--key",
                        device.resolve(thing + ".key").toString(),
                        "-i",
                        thing,
                        "-q",
                        "1",
                        "-t",
                        "devices/" + thing + "/telemetry",
                        "-m",
                        data.get(0)),
                20);
        assertThat(published.exitCode()).as(published.output()).isZero();
        ok(region.cli("secret", "put", "probe-secret-" + name, "--value", data.get(1)));
        Path object = Files.writeString(dir.resolve(name + ".bin"), data.get(2));
        ok(region.cli("bucket", "create", "probe-bucket-" + name));
        ok(region.cli("bucket", "put", "probe-bucket-" + name, "o.bin", "--file", object.toString()));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!ok(region.cli("data", "query", thing, "--json")).out().contains(data.get(0))) {
            assertThat(System.nanoTime()).as("telemetry stored").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void awaitShipped(NodeHarness auditRegion, NodeHarness member) throws Exception {
        long target = member.node
                .regions()
                .centralAudit()
                .orElseThrow()
                .shipping()
                .orElseThrow()
                .localSeq();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (auditRegion.node.regions().centralAudit().orElseThrow().received().stream()
                .noneMatch(r -> r.region().equals(member.node.config().region()) && r.lastSeq() >= target)) {
            assertThat(System.nanoTime()).as("the member's trail shipped").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Every table of the region's database as text, except those whose name starts with {@code skip}. */
    private static String tablesWithout(NodeHarness region, String skip) {
        List<String> tables = region.node
                .database()
                .read(h -> h.createQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                        .mapTo(String.class)
                        .list());
        StringBuilder all = new StringBuilder();
        for (String table : tables) {
            if (!table.startsWith(skip)) {
                all.append(table(region, table)).append('\n');
            }
        }
        return all.toString();
    }

    private static String table(NodeHarness region, String table) {
        List<String> rows = new ArrayList<>();
        region.node.database().read(h -> {
            h.createQuery("SELECT * FROM \"" + table + "\"").mapToMap().forEach(row -> rows.add(row.toString()));
            return null;
        });
        return String.join("\n", rows);
    }
}
