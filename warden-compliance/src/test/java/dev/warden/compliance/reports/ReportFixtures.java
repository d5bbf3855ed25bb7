package dev.warden.compliance.reports;

import static dev.warden.compliance.core.ComplianceFixtures.ALL_RAN;
import static dev.warden.compliance.core.ComplianceFixtures.NOW;
import static dev.warden.compliance.core.ComplianceFixtures.hostile;
import static dev.warden.compliance.core.ComplianceFixtures.laptopFacts;
import static dev.warden.compliance.core.ComplianceFixtures.open;
import static dev.warden.compliance.core.ComplianceFixtures.resolved;
import static dev.warden.compliance.core.ComplianceFixtures.suppressed;
import static dev.warden.compliance.core.ComplianceFixtures.week;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.StoredFinding;
import java.util.List;

/** A node like the demo's: a few open findings of each severity, one suppressed, one resolved, one hostile. */
final class ReportFixtures {
    static final String ACCOUNT = "arn:warden:iam::000000000001:";

    private ReportFixtures() {}

    static List<StoredFinding> findings() {
        return List.of(
                open(1, CheckId.BUCKET_PUBLIC, "arn:warden:s3:eu-west-1:000000000001:bucket/telemetry"),
                open(2, CheckId.IAM_USER_WITHOUT_MFA, ACCOUNT + "user/alice"),
                open(3, CheckId.MASTER_KEY_PASSPHRASE_ON_NODE, "arn:warden:kms:eu-west-1:000000000001:master-key"),
                open(4, CheckId.UNUSED_CREDENTIAL, ACCOUNT + "user/bob/api-key/k1"),
                suppressed(5, CheckId.CA_KEY_NOT_IN_HSM, "arn:warden:pki:eu-west-1:000000000001:ca/root"),
                resolved(6, CheckId.TLS_POLICY_WEAK, "arn:warden:node:eu-west-1:000000000001:listener/mqtt"),
                hostile(7));
    }

    static ReportInput input() {
        return new ReportInput(findings(), week(), laptopFacts(), NOW, ALL_RAN);
    }
}
