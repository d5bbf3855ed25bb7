package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.Inventory;
import java.util.List;

/**
 * MASTER_KEY_PASSPHRASE_ON_NODE: the KMS master key's passphrase was generated at the first start into the data
 * directory, next to the key it protects: whoever copies the data directory (a backup, a stolen disk) has both, and
 * with them every key, secret and encrypted record of the region.
 */
final class MasterKeyPassphraseOnNode implements Check {
    @Override
    public CheckId id() {
        return CheckId.MASTER_KEY_PASSPHRASE_ON_NODE;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        if (!inventory.node().masterKeyPassphraseOnNode() || inventory.node().masterKeyInHsm()) {
            return List.of();
        }
        return List.of(Findings.of(
                id(),
                context.arn("kms", "master-key/" + context.settings().region()),
                "PASSPHRASE_NEXT_TO_KEY",
                "The master key's passphrase is the generated file DATA/kms/master-passphrase, beside the key",
                "Move the passphrase off the node: into a file on another volume (master-key-passphrase-file),"
                        + " the WARDEN_MASTER_KEY_PASSPHRASE environment, or put the master key in an HSM (kms-hsm);"
                        + " then delete DATA/kms/master-passphrase."));
    }
}
