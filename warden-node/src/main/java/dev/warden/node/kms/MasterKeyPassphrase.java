package dev.warden.node.kms;

import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.node.NodeLayout;
import dev.warden.node.config.WardenConfig;
import dev.warden.storage.SecureFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the passphrase of the region's master key, in this order: the file named by {@code master-key-passphrase-file},
 * the environment variable {@value #ENVIRONMENT_VARIABLE}, the passphrase generated on first start in
 * {@code DATA/kms/master-passphrase}. Only when none exists and the master key is not created yet is a random one
 * generated and written there (mode 0600). The passphrase is never logged and never part of a message.
 */
public final class MasterKeyPassphrase {
    public static final String ENVIRONMENT_VARIABLE = "WARDEN_MASTER_KEY_PASSPHRASE";
    private static final Logger LOG = LoggerFactory.getLogger(MasterKeyPassphrase.class);
    private static final int GENERATED_BYTES = 32;

    private MasterKeyPassphrase() {}

    /**
     * @param firstStart whether the master key file does not exist yet (only then may a passphrase be generated)
     * @return the passphrase; the caller clears it once used
     * @throws KmsException {@link KmsReason#MASTER_KEY_UNAVAILABLE} if the configured file cannot be read, or if the
     *                      master key exists but no passphrase is available
     */
    public static char[] resolve(
            WardenConfig config, Map<String, String> env, NodeLayout layout, boolean firstStart, SecureRandom random) {
        if (config.masterKeyPassphraseFile() != null) {
            return readFile(config.masterKeyPassphraseFile());
        }
        String fromEnvironment = env.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment.toCharArray();
        }
        Path generated = layout.generatedMasterKeyPassphrase();
        if (Files.exists(generated)) {
            return readFile(generated);
        }
        if (!firstStart) {
            throw new KmsException(
                    KmsReason.MASTER_KEY_UNAVAILABLE,
                    "the master key of region " + config.region()
                            + " exists but no passphrase is available: set master-key-passphrase-file or "
                            + ENVIRONMENT_VARIABLE);
        }
        return generate(generated, random);
    }

    private static char[] generate(Path file, SecureRandom random) {
        byte[] bytes = new byte[GENERATED_BYTES];
        random.nextBytes(bytes);
        String passphrase = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Arrays.fill(bytes, (byte) 0);
        SecureFiles.createPrivateDirectory(file.getParent());
        SecureFiles.writeSecret(file, passphrase + "\n", true);
        // Like imported key material in AWS KMS: convenient for a first run, but whoever reads the data directory
        // then holds both the master key file and its passphrase.
        LOG.warn(
                "no master-key passphrase configured: generated one into {} (mode 0600). In production move that file "
                        + "off the node and set master-key-passphrase-file (or {}).",
                file,
                ENVIRONMENT_VARIABLE);
        return passphrase.toCharArray();
    }

    /** The file's content without its trailing line break; bytes and buffers are cleared after decoding. */
    private static char[] readFile(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KmsException(
                    KmsReason.MASTER_KEY_UNAVAILABLE, "cannot read the master-key passphrase file " + file);
        }
        int length = bytes.length;
        while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r')) {
            length--;
        }
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, length));
        char[] passphrase = Arrays.copyOfRange(decoded.array(), decoded.position(), decoded.limit());
        Arrays.fill(decoded.array(), '\0');
        Arrays.fill(bytes, (byte) 0);
        return passphrase;
    }
}
