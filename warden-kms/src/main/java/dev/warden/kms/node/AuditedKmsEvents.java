package dev.warden.kms.node;

import dev.warden.audit.AuditResult;
import dev.warden.kms.KmsEvent;
import dev.warden.kms.KmsEvents;
import dev.warden.kms.KmsReason;
import dev.warden.audit.NodeAudit;
import java.util.Set;

/**
 * Sends every KMS and secrets operation to the audit trail: the operation as action, the key (or secret) ARN as
 * resource, the data owner or secret name as {@code subject}, and for a refusal its reason code. The events carry
 * neither plaintext nor key material, so neither does the trail.
 *
 * <p>The secrets manager names its operations and ARNs {@code secretsmanager}, a service the policy language does not
 * know; they are recorded under {@value #SECRETS_SERVICE}, the prefix the admin API authorizes, so one query finds the
 * API call and the operation it caused.
 */
public final class AuditedKmsEvents implements KmsEvents {
    static final String SECRETS_SERVICE = "secrets";
    private static final String MODULE_SECRETS_SERVICE = "secretsmanager";
    /** Refusals that protect data (the request was understood and refused); any other failure is an error. */
    private static final Set<KmsReason> DENIALS = Set.of(KmsReason.KEY_PENDING_DELETION, KmsReason.KEY_DELETED,
            KmsReason.KEY_DESTROYED, KmsReason.DECRYPTION_FAILED, KmsReason.WRONG_CONTEXT, KmsReason.WRONG_REGION,
            KmsReason.WRONG_PASSPHRASE);

    private final NodeAudit audit;

    public AuditedKmsEvents(NodeAudit audit) {
        this.audit = audit;
    }

    @Override
    public void record(KmsEvent event) {
        var entry = audit.event(action(event.operation()))
                .resource(resource(event.keyArn()))
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

    /** {@code secretsmanager:GetSecretValue} becomes {@code secrets:GetSecretValue}; KMS actions are unchanged. */
    static String action(String operation) {
        return operation.startsWith(MODULE_SECRETS_SERVICE + ":")
                ? SECRETS_SERVICE + operation.substring(MODULE_SECRETS_SERVICE.length()) : operation;
    }

    /**
     * {@code arn:warden:secretsmanager:R:A:secret:NAME} becomes {@code arn:warden:secrets:R:A:secret/NAME}, the ARN
     * the admin API authorizes; anything else is unchanged.
     */
    static String resource(String arn) {
        String prefix = "arn:warden:" + MODULE_SECRETS_SERVICE + ":";
        if (arn == null || !arn.startsWith(prefix)) {
            return arn;
        }
        String rest = arn.substring(prefix.length());
        String[] parts = rest.split(":", 4);
        if (parts.length != 4 || !parts[2].equals("secret")) {
            return arn;
        }
        return "arn:warden:" + SECRETS_SERVICE + ":" + parts[0] + ":" + parts[1] + ":secret/" + parts[3];
    }
}
