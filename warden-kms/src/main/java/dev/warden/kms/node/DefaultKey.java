package dev.warden.kms.node;

import dev.warden.kms.KeyManagementService;
import dev.warden.kms.KeyMetadata;

/** The built-in key-encryption key {@value #NAME}: secrets and device data are encrypted under it. */
public final class DefaultKey {
    public static final String NAME = "default";
    static final String DESCRIPTION = "Built-in key: secrets and device data at rest";

    private DefaultKey() {}

    /** Creates the key unless the region already has one of that name, whatever its state. */
    public static boolean ensure(KeyManagementService kms, String account) {
        boolean present = kms.listKeys().stream().map(KeyMetadata::name).anyMatch(NAME::equals);
        if (present) {
            return false;
        }
        kms.createKey(account, NAME, DESCRIPTION);
        return true;
    }
}
