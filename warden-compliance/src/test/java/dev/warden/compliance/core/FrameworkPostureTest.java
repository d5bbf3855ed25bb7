package dev.warden.compliance.core;

import static dev.warden.compliance.core.ComplianceFixtures.ALL_RAN;
import static dev.warden.compliance.core.ComplianceFixtures.open;
import static dev.warden.compliance.core.ComplianceFixtures.resolved;
import static dev.warden.compliance.core.ComplianceFixtures.suppressed;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameworkPostureTest {
    private static final String BUCKET = "arn:warden:s3:eu-west-1:000000000001:bucket/telemetry";
    private final Framework framework = new Framework(
            "test",
            "Test",
            "1",
            "https://example.com",
            List.of(
                    new Control("A-1", "Buckets private", List.of(CheckId.BUCKET_PUBLIC)),
                    new Control("A-2", "Keys in an HSM", List.of(CheckId.CA_KEY_NOT_IN_HSM)),
                    new Control(
                            "A-3", "TLS and monitoring", List.of(CheckId.TLS_POLICY_WEAK, CheckId.MONITORING_DISABLED)),
                    new Control("A-4", "Backups", List.of(), Responsibility.OPERATOR)));

    @Test
    void aControlWithAnOpenFindingIsNotMetAndNamesIt() {
        StoredFinding bucket = open(1, CheckId.BUCKET_PUBLIC, BUCKET);

        FrameworkPosture posture = FrameworkPosture.assess(framework, List.of(bucket), ALL_RAN);

        ControlPosture a1 = posture.controls().get(0);
        assertThat(a1.status()).isEqualTo(ControlStatus.NOT_MET);
        assertThat(a1.open()).containsExactly(bucket);
    }

    @Test
    void resolvedFindingsCountForNothingAndAllChecksRunMeansMet() {
        FrameworkPosture posture =
                FrameworkPosture.assess(framework, List.of(resolved(1, CheckId.BUCKET_PUBLIC, BUCKET)), ALL_RAN);

        assertThat(posture.controls().get(0).status()).isEqualTo(ControlStatus.MET);
    }

    @Test
    void onlySuppressedFindingsMakeItSuppressedNotMet() {
        StoredFinding hsm = suppressed(2, CheckId.CA_KEY_NOT_IN_HSM, "arn:warden:pki:eu-west-1:000000000001:ca/root");

        ControlPosture a2 = FrameworkPosture.assess(framework, List.of(hsm), ALL_RAN)
                .controls()
                .get(1);

        assertThat(a2.status()).isEqualTo(ControlStatus.SUPPRESSED);
        assertThat(a2.suppressed()).containsExactly(hsm);
    }

    @Test
    void aCheckThatHasNotRunKeepsTheControlFromBeingCalledMet() {
        // GIVEN monitoring's check has never run WHEN the posture is judged THEN A-3 is not assessed, not met by
        // default
        var ran = EnumSet.complementOf(EnumSet.of(CheckId.MONITORING_DISABLED));

        ControlPosture a3 =
                FrameworkPosture.assess(framework, List.of(), ran).controls().get(2);

        assertThat(a3.status()).isEqualTo(ControlStatus.NOT_ASSESSED);
        assertThat(a3.notRun()).containsExactly(CheckId.MONITORING_DISABLED);
    }

    @Test
    void anOpenFindingWinsOverAMissingRun() {
        var ran = EnumSet.of(CheckId.TLS_POLICY_WEAK);
        StoredFinding tls = open(3, CheckId.TLS_POLICY_WEAK, "arn:warden:node:eu-west-1:000000000001:listener/mqtt");

        assertThat(FrameworkPosture.assess(framework, List.of(tls), ran)
                        .controls()
                        .get(2)
                        .status())
                .isEqualTo(ControlStatus.NOT_MET);
    }

    @Test
    void aControlWithoutChecksIsNotCoveredWhateverTheFindings() {
        FrameworkPosture posture = FrameworkPosture.assess(framework, List.of(), ALL_RAN);

        assertThat(posture.controls().get(3).status()).isEqualTo(ControlStatus.NOT_COVERED);
        assertThat(posture.controls().get(3).control().owner()).isEqualTo(Responsibility.OPERATOR);
    }

    @Test
    void totalsCountControlsByStatusAndOpenFindingsOfMappedChecksBySeverity() {
        List<StoredFinding> findings = List.of(
                open(1, CheckId.BUCKET_PUBLIC, BUCKET),
                open(2, CheckId.BUCKET_PUBLIC, BUCKET + "2"),
                open(3, CheckId.TLS_POLICY_WEAK, "arn:warden:node:eu-west-1:000000000001:listener/mqtt"),
                // not mapped by this framework: not its finding
                open(4, CheckId.UNUSED_CREDENTIAL, "arn:warden:iam::000000000001:user/bob"),
                resolved(5, CheckId.CA_KEY_NOT_IN_HSM, "arn:warden:pki:eu-west-1:000000000001:ca/root"));

        FrameworkPosture posture = FrameworkPosture.assess(framework, findings, ALL_RAN);

        assertThat(posture.byStatus())
                .containsEntry(ControlStatus.NOT_MET, 2)
                .containsEntry(ControlStatus.MET, 1)
                .containsEntry(ControlStatus.NOT_COVERED, 1)
                .containsEntry(ControlStatus.SUPPRESSED, 0);
        assertThat(posture.openBySeverity())
                .containsEntry(Severity.CRITICAL, 2)
                .containsEntry(Severity.HIGH, 1)
                .containsEntry(Severity.MEDIUM, 0);
    }

    @Test
    void theReservedResidencyCheckLeavesItsControlNotAssessedUntilItRuns() {
        Framework nist = Frameworks.load("nist-800-53");
        var ran = EnumSet.complementOf(EnumSet.of(CheckId.DATA_RESIDENCY_VIOLATION));

        ControlPosture sa95 = FrameworkPosture.assess(nist, List.of(), ran).controls().stream()
                .filter(c -> c.control().id().equals("SA-9(5)"))
                .findFirst()
                .orElseThrow();

        assertThat(sa95.status()).isEqualTo(ControlStatus.NOT_ASSESSED);
    }

    @Test
    void aStaleMemberRegionLeavesAccessEnforcementNotMetWhereverTheFrameworksAskForIt() {
        StoredFinding stale =
                open(7, CheckId.REGION_IAM_STALE, "arn:warden:region::000000000001:region/ap-southeast-1");
        var expected = java.util.Map.of(
                "etsi-en-303-645", List.of("5.5-8"),
                "nist-800-53", List.of("AC-2", "AC-3"),
                "cis-v8", List.of("6.2"),
                "iec-62443-4-2", List.of("CR 1.3", "CR 2.1"));

        expected.forEach((id, controls) -> assertThat(
                        FrameworkPosture.assess(Frameworks.load(id), List.of(stale), ALL_RAN).controls().stream()
                                .filter(c -> c.status() == ControlStatus.NOT_MET)
                                .map(c -> c.control().id()))
                .as(id)
                .containsExactlyInAnyOrderElementsOf(controls));
    }
}
