package dev.warden.server.node;

import java.nio.file.Path;

/** Where a node keeps its files under the data directory. */
public record NodeLayout(Path dataDir) {
    public Path pkiDir() {
        return dataDir.resolve("pki");
    }

    public Path rootCertificate() {
        return pkiDir().resolve("root.crt");
    }

    public Path serverCertificate() {
        return pkiDir().resolve("server.crt");
    }

    public Path serverKey() {
        return pkiDir().resolve("server.key");
    }

    /** The region's audit-signing private key (PKCS#8, mode 0600). */
    public Path auditSigningKey() {
        return pkiDir().resolve("audit-signing.key");
    }

    /** Its public key, all that {@code warden audit verify} needs; keep a copy away from the node. */
    public Path auditPublicKey() {
        return pkiDir().resolve("audit-signing.pub");
    }

    public Path adminCredential() {
        return dataDir.resolve(AdminCredentials.FILE_NAME);
    }

    /** Written by a running server so that the CLI can find its ports. */
    public Path endpointsFile() {
        return dataDir.resolve("endpoints.json");
    }
}
