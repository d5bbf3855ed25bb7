package dev.warden.server.audit;

import dev.warden.audit.HmacHeadSealer;
import dev.warden.kms.MasterKey;
import dev.warden.server.node.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The key of the audit head seal: 256 random bits stored only encrypted under the region's KMS master key, bound to
 * the region, so that whoever copies the data directory without the master-key passphrase cannot seal a forged head.
 */
public final class AuditSealKey {
    static final String HEADER = "WARDEN AUDIT SEAL KEY v1";

    private AuditSealKey() {}

    /** Opens the sealer, creating its key on first start. */
    public static HmacHeadSealer openOrCreate(Path file, MasterKey masterKey, String region, SecureRandom random) {
        byte[] ad = ("warden-audit-seal-key|" + region).getBytes(StandardCharsets.UTF_8);
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                random.nextBytes(key);
                String content = HEADER + "\n" + Base64.getEncoder().encodeToString(masterKey.encrypt(key, ad)) + "\n";
                Arrays.fill(key, (byte) 0);
                SecureFiles.writeSecret(file, content, false);
            }
            String[] lines = Files.readString(file, StandardCharsets.US_ASCII).split("\n");
            if (lines.length < 2 || !HEADER.equals(lines[0].trim())) {
                throw new IllegalStateException("the audit seal key " + file.getFileName() + " is not in the expected format");
            }
            byte[] key = masterKey.decrypt(Base64.getDecoder().decode(lines[1].trim()), ad);
            try {
                return new HmacHeadSealer(key);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the audit seal key " + file.getFileName()
                    + " does not open with this region's master key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit seal key " + file, e);
        }
    }
}
