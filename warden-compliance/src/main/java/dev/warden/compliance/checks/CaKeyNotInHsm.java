package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.NodeFacts;
import dev.warden.compliance.core.Severity;
import dev.warden.compliance.inventory.Inventory;
import java.util.List;

/**
 * CA_KEY_NOT_IN_HSM: the CA keys are files in the data directory (sealed under the master key) rather than in a
 * PKCS#11 HSM. Informational (low) on a laptop; high on a node its operator marked as production
 * ({@code production: true}), where a copy of the node must not be able to mint device identities.
 */
final class CaKeyNotInHsm implements Check {
    @Override
    public CheckId id() {
        return CheckId.CA_KEY_NOT_IN_HSM;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        NodeFacts node = inventory.node();
        if (node.caKeysInHsm()) {
            return List.of();
        }
        return List.of(Findings.of(
                id(),
                node.production() ? Severity.HIGH : id().severity(),
                context.arn("warden", "ca/" + context.settings().region()),
                node.production() ? "CA_KEYS_IN_FILES_IN_PRODUCTION" : "CA_KEYS_IN_FILES",
                "The root, issuing and OCSP keys are files in the data directory"
                        + (node.production() ? " of a production node" : ""),
                "Initialise the node with its CA keys in an HSM (hsm: pkcs11:...; SoftHSM2 to try it out)."));
    }
}
