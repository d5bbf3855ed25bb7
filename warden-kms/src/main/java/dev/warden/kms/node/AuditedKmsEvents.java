package dev.warden.kms.node;

import dev.warden.audit.AuditResult;
import dev.warden.audit.NodeAudit;
import dev.warden.kms.KmsEvent;
import dev.warden.kms.KmsEvents;
import dev.warden.kms.KmsReason;
import dev.warden.kms.SecretArns;
import java.util.Set;

/**
 * Sends every KMS and secrets operation to the audit trail: the operation as action, the key (or secret) ARN as
 * resource, the data owner or secret name as {@code subject}, and for a refusal its reason code. The events carry
 * neither plaintext nor key material, so neither does the trail.
 *
 * <p>Secrets' operations and ARNs use the service prefix {@link SecretArns#SERVICE}, the prefix the admin API
 * authorizes, so one query finds the API call and the operation it caused.
 */
public final class AuditedKmsEvents implements KmsEvents {
    /** Refusals that protect data (the request was understood and refused); any other failure is an error. */
    private static final Set<KmsReason> DENIALS = Set.of(
            KmsReason.KEY_PENDING_DELETION,
            KmsReason.KEY_DELETED,
            KmsReason.KEY_DESTROYED,
            KmsReason.DECRYPTION_FAILED,
            KmsReason.WRONG_CONTEXT,
            KmsReason.WRONG_REGION,
            KmsReason.WRONG_PASSPHRASE,
            KmsReason.INVALID_KEY_USAGE,
            KmsReason.INVALID_SIGNATURE);

    private final NodeAudit audit;

    public AuditedKmsEvents(NodeAudit audit) {
        this.audit = audit;
    }

    @Override
    public void record(KmsEvent event) {
        var entry = audit.event(event.operation())
                .resource(event.keyArn())
                .result(result(event.failure()))
                .detail("origin", "kms")
                .detail("subject", event.subject());
        if (event.failure() != null) {
            entry.detail("reason", event.failure().name());
        }
        audit.record(entry);
    }

    static AuditResult result(KmsReason failure) {
        if (failure == null) {
            return AuditResult.ALLOW;
        }
        return DENIALS.contains(failure) ? AuditResult.DENY : AuditResult.ERROR;
    }
}
