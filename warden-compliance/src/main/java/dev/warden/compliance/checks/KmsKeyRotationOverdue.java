package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.compliance.inventory.KmsKeyView;
import dev.warden.kms.KeyState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * KMS_KEY_ROTATION_OVERDUE: an enabled KMS key's primary version is older than the rotation period
 * ({@code compliance-key-rotation-days}, 365 by default). Rotation adds a version; data encrypted before still
 * decrypts, so the fix is safe to run. Asymmetric (signing) keys are not judged: the KMS refuses to rotate them, as
 * AWS does, so a finding would offer a fix that can only fail; a signing key is replaced by creating a new key.
 */
final class KmsKeyRotationOverdue implements Check {
    @Override
    public CheckId id() {
        return CheckId.KMS_KEY_ROTATION_OVERDUE;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        Instant cutoff = context.now().minus(context.settings().keyRotationPeriod());
        List<Finding> out = new ArrayList<>();
        for (KmsKeyView k : inventory.kmsKeys()) {
            if (k.keySpec().asymmetric()
                    || k.state() != KeyState.ENABLED
                    || !k.lastRotation().isBefore(cutoff)) {
                continue;
            }
            out.add(Findings.withFix(
                    Findings.of(
                            id(),
                            k.arn(),
                            k.rotatedAt().isEmpty() ? "NEVER_ROTATED" : "ROTATION_OVERDUE",
                            "Key " + k.name()
                                    + (k.rotatedAt().isEmpty()
                                            ? " was never rotated since "
                                            : " was last" + " rotated on ")
                                    + CheckContext.day(k.lastRotation()) + ", "
                                    + context.daysSince(k.lastRotation()) + " days ago (period "
                                    + context.settings().keyRotationPeriod().toDays() + " days)",
                            "Rotate the key; earlier versions keep decrypting what they encrypted."),
                    Fixes.rotateKey(k.name())));
        }
        return out;
    }
}
