package dev.warden.compliance.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Findings, facts and history for the posture and report tests: fixed times, no clock. */
public final class ComplianceFixtures {
    public static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    public static final Set<CheckId> ALL_RAN = EnumSet.allOf(CheckId.class);

    private ComplianceFixtures() {}

    public static StoredFinding open(long id, CheckId check, String resourceArn) {
        return stored(id, check, resourceArn, FindingStatus.OPEN, Optional.empty());
    }

    public static StoredFinding resolved(long id, CheckId check, String resourceArn) {
        StoredFinding f = stored(id, check, resourceArn, FindingStatus.RESOLVED, Optional.empty());
        return new StoredFinding(
                f.id(), f.finding(), f.status(), f.firstSeen(), f.lastSeen(), Optional.of(NOW), f.suppression());
    }

    public static StoredFinding suppressed(long id, CheckId check, String resourceArn) {
        var suppression = new StoredFinding.Suppression(
                7, "accepted until the HSM arrives", "ops@example.com", NOW.plus(Duration.ofDays(30)), false);
        return stored(id, check, resourceArn, FindingStatus.SUPPRESSED, Optional.of(suppression));
    }

    public static StoredFinding stored(
            long id,
            CheckId check,
            String resourceArn,
            FindingStatus status,
            Optional<StoredFinding.Suppression> suppression) {
        Finding finding = new Finding(
                check,
                resourceArn,
                check.severity(),
                check.name().toLowerCase(java.util.Locale.ROOT),
                "detail of " + check.name(),
                "remediation for " + check.name(),
                Optional.empty());
        return new StoredFinding(
                id, finding, status, NOW.minus(Duration.ofDays(3)), NOW, Optional.empty(), suppression);
    }

    /** A finding with a fix, and text a hostile client could have chosen (a thing name) in its resource and detail. */
    public static StoredFinding hostile(long id) {
        String arn = "arn:warden:iot:eu-west-1:000000000001:thing/<script>alert(1)</script>\"'&";
        Finding finding = new Finding(
                CheckId.DEVICE_CERTIFICATE_SHARED,
                arn,
                Severity.CRITICAL,
                "shared_certificate",
                "used by <img src=x onerror=alert(2)> and \"quoted\", commas, and a\nnewline",
                "Revoke it: warden cert revoke <id> | and = signs",
                Optional.of(new Fix(
                        "warden thing revoke-cert '<script>'",
                        "POST",
                        "/things/%3Cscript%3E/revoke",
                        "warden:RevokeCertificate",
                        "{}")));
        return new StoredFinding(
                id,
                finding,
                FindingStatus.OPEN,
                NOW.minus(Duration.ofHours(5)),
                NOW,
                Optional.empty(),
                Optional.empty());
    }

    public static NodeFacts laptopFacts() {
        return new NodeFacts(
                "eu-west-1",
                "000000000001",
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
                "sqlite");
    }

    public static NodeFacts productionFacts() {
        return new NodeFacts(
                "eu-west-1",
                "000000000001",
                true,
                true,
                false,
                "hsm",
                true,
                List.of("TLSv1.3"),
                true,
                true,
                true,
                "nightly pg_dump to the off-site bucket, restore tried monthly",
                "postgresql");
    }

    /** A week of runs, one a day, with open findings falling as they are fixed. */
    public static List<PostureHistoryPoint> week() {
        List<PostureHistoryPoint> points = new ArrayList<>();
        for (int day = 6; day >= 0; day--) {
            points.add(new PostureHistoryPoint(
                    NOW.minus(Duration.ofDays(day)),
                    Map.of(
                            Severity.CRITICAL,
                            Math.max(0, day - 3),
                            Severity.HIGH,
                            day + 1,
                            Severity.MEDIUM,
                            4,
                            Severity.LOW,
                            day % 2)));
        }
        return points;
    }
}
