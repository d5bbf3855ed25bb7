package dev.warden.kms.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.audit.AuditResult;
import dev.warden.kms.KmsReason;
import org.junit.jupiter.api.Test;

/** How KMS events are named in the audit trail: the admin API's service prefix and ARNs, refusals as DENY. */
class AuditedKmsEventsTest {
    @Test
    void refusalsThatProtectDataAreDenialsOtherFailuresErrors() {
        assertThat(AuditedKmsEvents.result(null)).isEqualTo(AuditResult.ALLOW);
        assertThat(AuditedKmsEvents.result(KmsReason.KEY_PENDING_DELETION)).isEqualTo(AuditResult.DENY);
        assertThat(AuditedKmsEvents.result(KmsReason.DECRYPTION_FAILED)).isEqualTo(AuditResult.DENY);
        assertThat(AuditedKmsEvents.result(KmsReason.KEY_NOT_FOUND)).isEqualTo(AuditResult.ERROR);
        assertThat(AuditedKmsEvents.result(KmsReason.INTERNAL)).isEqualTo(AuditResult.ERROR);
    }
}
