package dev.warden.node;

import dev.warden.gateway.ServerCredentials;
import dev.warden.pki.Pem;
import dev.warden.pki.store.PrivateKeyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's server key and certificate chain as stored in the node's files, parsed again only when a file
 * changes. The gateway asks for its credentials on every new connection and rebuilds its TLS context when it gets a
 * different object; handing out the same object while the files are unchanged keeps one TLS context (one BoringSSL
 * SSL_CTX) for all connections, instead of reading, parsing and building one per handshake. A renewed certificate
 * still applies to the next connection.
 *
 * <p>The key is read through {@link PrivateKeyFiles} (on a node, {@link SealedKeyFiles}: decrypted in memory only, never
 * written back to disk in the clear). A change is seen through the files' identity, size and modification time (the node replaces them by an atomic
 * rename). If the new files cannot be read or parsed, the previous credentials stay in use; the files are read again
 * on their next change.
 */
public final class ServerCredentialFiles implements Supplier<ServerCredentials> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCredentialFiles.class);

    private final PrivateKeyFiles keys;
    private final Path keyFile;
    private final Path chainFile;
    private List<Object> stamp;
    private ServerCredentials current;

    /**
     * Reads both files now.
     *
     * @param keyFile the key's logical name as {@code keys} stores it (e.g. {@code pki/server.key})
     * @throws RuntimeException if they cannot be read or parsed (the node cannot serve TLS without them)
     */
    public ServerCredentialFiles(PrivateKeyFiles keys, Path keyFile, Path chainFile) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
        this.chainFile = Objects.requireNonNull(chainFile, "chainFile");
        this.stamp = stamp();
        this.current = read();
    }

    @Override
    public synchronized ServerCredentials get() {
        List<Object> now = stamp();
        if (now.equals(stamp)) {
            return current;
        }
        // Remembered before parsing: a file caught half-replaced is not parsed again until it changes again.
        stamp = now;
        try {
            current = read();
            LOG.info("Server credentials reloaded from {}", chainFile);
        } catch (RuntimeException e) {
            LOG.error(
                    "Keeping the previous server credentials: cannot read {} / {}: {}",
                    keyFile,
                    chainFile,
                    e.toString());
        }
        return current;
    }

    private ServerCredentials read() {
        return new ServerCredentials(keys.read(keyFile), Pem.parseCertificates(NodeInitializer.read(chainFile)));
    }

    /**
     * Identity (inode), size and modification time of the files (the key's plaintext or sealed file, and the chain); a
     * missing file has an empty stamp.
     */
    private List<Object> stamp() {
        return List.of(attributes(keyFile), attributes(SealedKeyFiles.sealedPath(keyFile)), attributes(chainFile));
    }

    private static List<Object> attributes(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(String.valueOf(a.fileKey()), a.size(), a.lastModifiedTime());
        } catch (IOException e) {
            return List.of();
        }
    }
}
