package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.compliance.inventory.SecretView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * SECRET_ROTATION_OVERDUE: a secret was not rotated within the period ({@code compliance-secret-rotation-days}, 90
 * by default). The fix rotates it to a generated password (the old value stays as PREVIOUS); a secret whose value
 * is also set somewhere else (a database role's password) must be changed there too, which the remediation says.
 */
final class SecretRotationOverdue implements Check {
    @Override
    public CheckId id() {
        return CheckId.SECRET_ROTATION_OVERDUE;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        Instant cutoff = context.now().minus(context.settings().secretRotationPeriod());
        List<Finding> out = new ArrayList<>();
        for (SecretView s : inventory.secrets()) {
            if (!s.lastRotation().isBefore(cutoff)) {
                continue;
            }
            out.add(Findings.withFix(
                    Findings.of(
                            id(),
                            s.arn(),
                            s.rotatedAt().isEmpty() ? "NEVER_ROTATED" : "ROTATION_OVERDUE",
                            "Secret " + s.name()
                                    + (s.rotatedAt().isEmpty()
                                            ? " was never rotated since "
                                            : " was last" + " rotated on ")
                                    + CheckContext.day(s.lastRotation()) + ", "
                                    + context.daysSince(s.lastRotation()) + " days ago (period "
                                    + context.settings().secretRotationPeriod().toDays() + " days)",
                            "Rotate the secret (warden secret rotate " + s.name() + "; --rotator hmac-key for a"
                                    + " signing key) and make sure its users read CURRENT; a secret that is also set"
                                    + " elsewhere (a database role's password) must be changed there too."),
                    Fixes.rotateSecret(s.name())));
        }
        return out;
    }
}
