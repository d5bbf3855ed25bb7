package dev.warden.compliance.core;

import java.util.List;

/**
 * What the node's own configuration and state say about its security, read at each run: where the keys are, how the
 * listeners are set, whether monitoring and backups are on. The checks of the node category and the
 * shared-responsibility report read it; every field is evidence a report can quote.
 *
 * @param caKeysInHsm             the CA keys (root, issuing, OCSP) are in a PKCS#11 HSM
 * @param masterKeyInHsm          the KMS master key is in a PKCS#11 HSM
 * @param masterKeyPassphraseOnNode the generated master-key passphrase file is in the data directory
 * @param auditSigningKeyLocation {@code hsm} or {@code sealed-file}
 * @param production              the operator marked the node as production (raises some severities)
 * @param tlsProtocols            the protocols the admin API and gateway listeners allow
 * @param blockPublicAccess       the account's Block Public Access switch
 * @param monitoringEnabled       {@code monitor: on}
 * @param auditWitnessConfigured  checkpoints are countersigned by a witness
 * @param backupPolicy            the backup of the data directory or database the operator declared
 *                                ({@code backup-policy}), in their words; empty when none is declared
 * @param database                {@code sqlite} or {@code postgresql}
 */
public record NodeFacts(
        String region,
        String account,
        boolean caKeysInHsm,
        boolean masterKeyInHsm,
        boolean masterKeyPassphraseOnNode,
        String auditSigningKeyLocation,
        boolean production,
        List<String> tlsProtocols,
        boolean blockPublicAccess,
        boolean monitoringEnabled,
        boolean auditWitnessConfigured,
        String backupPolicy,
        String database) {

    public NodeFacts {
        tlsProtocols = List.copyOf(tlsProtocols);
        backupPolicy = backupPolicy == null ? "" : backupPolicy.strip();
    }

    /** The operator declared a backup (Warden cannot see whether it runs: the declaration is the evidence). */
    public boolean backupsConfigured() {
        return !backupPolicy.isEmpty();
    }
}
