package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static dev.warden.it.ComplianceFindings.resolves;
import static dev.warden.it.ComplianceFindings.show;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.node.config.ConfigKey;
import dev.warden.pki.CaHierarchy;
import dev.warden.pki.CaHierarchyBuilder;
import dev.warden.pki.CaNames;
import dev.warden.pki.Fingerprints;
import dev.warden.pki.Pem;
import dev.warden.pki.SoftwareKeySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks only time can trip, on a real node whose clock the test moves: a device certificate, an API key, a KMS
 * key, a secret and a manufacturer CA are made through the CLI, none is a finding; 100 days pass in an instant and
 * {@code warden compliance run} finds each one too old, unused, not rotated or expiring; then each is put right as an
 * operator would (the device rotates its certificate, the key is used, the KMS key is rotated by the finding's own
 * fix, the secret is rotated, the maker's successor CA is registered and the old one deactivated) and its finding
 * resolves.
 */
class ComplianceClockIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LATER = Duration.ofDays(100);

    @TempDir
    Path dir;

    @Test
    void timeBasedFindingsAppearOnceTheClockPassesTheirThresholdAndResolveWhenPutRight() throws Exception {
        AdjustableClock clock = new AdjustableClock();
        Map<ConfigKey, String> config = Map.of(
                // 120-day certificates: 100 days on, one is both older than the 90-day age and 20 days from expiry
                ConfigKey.CERT_VALIDITY_DAYS, "120",
                ConfigKey.COMPLIANCE_CERTIFICATE_MAX_AGE_DAYS, "90",
                ConfigKey.COMPLIANCE_KEY_ROTATION_DAYS, "90",
                // the rotated certificate is retired at once, as a device that has its successor would want
                ConfigKey.ROTATION_OVERLAP_HOURS, "0",
                // declared by the operator: the shared-responsibility report quotes it (ComplianceReportsIT: without)
                ConfigKey.BACKUP_POLICY,
                        "nightly restic snapshot of DATA to the off-site bucket, restore tried monthly");
        try (NodeHarness node = new NodeHarness(dir.resolve("data"), null, config, clock)) {
            Path sensor = dir.resolve("sensor-1");
            ok(node.cli("device", "enroll", "sensor-1", "--out", sensor.toString()));
            ok(node.cli("service-account", "create", "ingest"));
            NodeHarness.CliResult key =
                    ok(node.cli("service-account", "create-key", "ingest", "--expires-in-days", "365"));
            String keyId = key.err().trim().split("\\s+")[1];
            Path keyFile =
                    Files.writeString(dir.resolve("ingest.key"), key.out().trim());
            ok(node.cli("kms", "create-key", "app-data"));
            ok(node.cli("secret", "put", "app/db-password", "--value", "first value of the password"));
            ok(node.cli("template", "create", "makers", "--pattern", "acme-*"));
            // the maker's issuing CA expires 150 days from now: outside the 90-day window today, inside it 100 days on
            CaHierarchy maker = makerCa("maker", Instant.now().plus(Duration.ofDays(150)));
            String makerFingerprint = register(node, maker, "maker-ca.pem");

            ok(node.cli("compliance", "run"));
            for (String check : List.of(
                    "DEVICE_CERTIFICATE_AGE",
                    "DEVICE_CERTIFICATE_EXPIRING",
                    "UNUSED_CREDENTIAL",
                    "KMS_KEY_ROTATION_OVERDUE",
                    "SECRET_ROTATION_OVERDUE",
                    "CA_CERTIFICATE_EXPIRING")) {
                assertThat(open(node, check))
                        .as(check + " before any time passed")
                        .isEmpty();
            }

            clock.advance(LATER);
            String run = ok(node.cli("compliance", "run")).out();
            assertThat(run).contains("(manual)");

            JsonNode age = only(node, "DEVICE_CERTIFICATE_AGE", about("sensor-1"));
            assertThat(age.path("detail").asText()).contains("100 days ago (threshold 90 days)");
            JsonNode expiring = only(node, "DEVICE_CERTIFICATE_EXPIRING", about("sensor-1"));
            assertThat(expiring.path("reason").asText()).isEqualTo("EXPIRES_SOON");
            assertThat(expiring.path("detail").asText()).containsPattern("in (19|20) days");
            JsonNode unusedCert = only(node, "UNUSED_CREDENTIAL", about("sensor-1"));
            assertThat(unusedCert.path("reason").asText()).isEqualTo("NEVER_USED");
            JsonNode unusedKey = only(
                    node,
                    "UNUSED_CREDENTIAL",
                    f -> f.path("resource").asText().endsWith("service/ingest/key/" + keyId));
            assertThat(unusedKey.path("fix").path("command").asText())
                    .isEqualTo("warden service-account revoke-key ingest " + keyId);
            JsonNode kms = only(node, "KMS_KEY_ROTATION_OVERDUE", about("app-data"));
            assertThat(kms.path("reason").asText()).isEqualTo("NEVER_ROTATED");
            assertThat(kms.path("fix").path("command").asText()).isEqualTo("warden kms rotate app-data");
            JsonNode secret = only(node, "SECRET_ROTATION_OVERDUE", about("app/db-password"));
            assertThat(secret.path("detail").asText()).contains("100 days ago (period 90 days)");
            JsonNode ca = only(
                    node,
                    "CA_CERTIFICATE_EXPIRING",
                    f -> f.path("resource").asText().endsWith(makerFingerprint));
            assertThat(ca.path("reason").asText()).isEqualTo("EXPIRES_SOON");
            assertThat(ca.path("detail").asText()).containsPattern("in (49|50|51) days");

            // the device rotates its certificate (a new key): age, expiry and disuse of the old one all end
            long since = System.currentTimeMillis();
            assertThat(ok(node.cli("device", "rotate", "sensor-1", "--dir", sensor.toString()))
                            .out())
                    .contains("Rotated sensor-1");
            resolves(node, age, since);
            resolves(node, expiring, since);
            resolves(node, unusedCert, since);
            assertThat(open(node, "DEVICE_CERTIFICATE_AGE"))
                    .filteredOn(about("sensor-1"))
                    .isEmpty();

            // the API key is used: its disuse ends at the next run (a use changes nothing else a check reads)
            ok(node.cli("whoami", "--token-file", keyFile.toString()));
            ok(node.cli("compliance", "run", "--check", "UNUSED_CREDENTIAL"));
            assertThat(show(node, unusedKey).path("status").asText()).isEqualTo("resolved");

            // the KMS key by the finding's own fix, as the caller; the secret by the ordinary rotation
            since = System.currentTimeMillis();
            assertThat(ok(node.cli("compliance", "fix", kms.path("id").asText()))
                            .out())
                    .contains("is now resolved");
            resolves(node, kms, since);
            since = System.currentTimeMillis();
            ok(node.cli("secret", "rotate", "app/db-password"));
            resolves(node, secret, since);

            // the maker's successor is registered, the expiring CA deactivated: it registers no more devices
            register(node, makerCa("maker-2030", Instant.now().plus(Duration.ofDays(5 * 365))), "maker-2.pem");
            assertThat(show(node, ca).path("status").asText()).isEqualTo("open");
            since = System.currentTimeMillis();
            ok(node.cli("manufacturer-ca", "deactivate", makerFingerprint));
            resolves(node, ca, since);

            String md = ok(node.cli("report", "shared-responsibility", "--format", "md"))
                    .out();
            assertThat(md.lines().filter(l -> l.startsWith("| **Backups**")))
                    .singleElement()
                    .asString()
                    .contains("| holds |")
                    .contains("declared backup (backup-policy): nightly restic snapshot of DATA");

            // a later full run agrees: nothing of these is open any more
            ok(node.cli("compliance", "run"));
            for (JsonNode f : List.of(age, expiring, unusedCert, unusedKey, kms, secret, ca)) {
                assertThat(show(node, f).path("status").asText())
                        .as(f.path("check").asText())
                        .isEqualTo("resolved");
            }
        }
    }

    /**
     * A maker's CA hierarchy whose issuing CA (valid five years from its creation) expires at {@code expires}: built
     * on a clock set five years before that.
     */
    private static CaHierarchy makerCa(String name, Instant expires) throws Exception {
        Instant created = expires.atZone(ZoneOffset.UTC).minusYears(5).toInstant();
        return CaHierarchyBuilder.create(
                new CaNames("us-east-1", name), new SoftwareKeySource(), Clock.fixed(created, ZoneOffset.UTC));
    }

    /** Registers the maker's issuing CA for the {@code makers} template; returns its SHA-256 fingerprint. */
    private String register(NodeHarness node, CaHierarchy maker, String file) throws Exception {
        Path pem =
                Files.writeString(dir.resolve(file), Pem.encode(maker.issuing().certificate()));
        ok(node.cli("manufacturer-ca", "register", "--ca-cert", pem.toString(), "--template", "makers"));
        return Fingerprints.sha256Hex(maker.issuing().certificate());
    }

    private static Predicate<JsonNode> about(String name) {
        return f -> f.path("detail").asText().contains(name)
                || f.path("resource").asText().endsWith("/" + name);
    }

    private static List<JsonNode> open(NodeHarness node, String check) throws Exception {
        JsonNode list = JSON.readTree(ok(node.cli("compliance", "findings", "--check", check, "--json"))
                .out());
        List<JsonNode> out = new ArrayList<>();
        list.path("findings").forEach(out::add);
        return out;
    }

    private static JsonNode only(NodeHarness node, String check, Predicate<JsonNode> which) throws Exception {
        List<JsonNode> all = open(node, check);
        assertThat(all).as(check).filteredOn(which::test).hasSize(1);
        return all.stream().filter(which).findFirst().orElseThrow();
    }

    /** The change re-runs the finding's check by itself: the test only looks, for at most the on-change bound. */
}
