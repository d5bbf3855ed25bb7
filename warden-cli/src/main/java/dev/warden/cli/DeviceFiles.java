package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.storage.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A device's credential files: {@code NAME.key} (mode 0600, generated here and never sent), {@code NAME.crt} and
 * {@code ca-chain.pem}.
 */
final class DeviceFiles {
    private DeviceFiles() {}

    static KeyPair newKey() {
        return CsrBuilder.generateDeviceKey(KeyType.EC_P256);
    }

    static String csrPem(KeyPair key, String commonName) {
        byte[] der = CsrBuilder.buildCsrDer(key, commonName);
        return "-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }

    /** Writes key, certificate and chain; the key file is created 0600 before any byte is written. */
    static Path write(Path dir, String name, KeyPair key, JsonNode issued) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CliException("cannot create " + dir + ": " + e.getMessage());
        }
        SecureFiles.writeSecret(dir.resolve(name + ".key"), Pem.encodePrivateKey(key.getPrivate()), false);
        SecureFiles.writePublic(
                dir.resolve(name + ".crt"), issued.path("certificatePem").asText());
        SecureFiles.writePublic(
                dir.resolve("ca-chain.pem"), issued.path("chainPem").asText());
        return dir.resolve(name + ".crt");
    }

    static PrivateKey key(Path dir, String name) {
        return Pem.parsePrivateKey(AdminClient.read(dir.resolve(name + ".key")));
    }

    static List<X509Certificate> chain(Path dir, String name) {
        List<X509Certificate> chain =
                new ArrayList<>(Pem.parseCertificates(AdminClient.read(dir.resolve(name + ".crt"))));
        Path caChain = dir.resolve("ca-chain.pem");
        if (Files.exists(caChain)) {
            List<X509Certificate> cas = Pem.parseCertificates(AdminClient.read(caChain));
            // Send the leaf and the intermediates; the root stays with the verifier.
            chain.addAll(cas.subList(0, Math.max(0, cas.size() - 1)));
        }
        return chain;
    }
}
