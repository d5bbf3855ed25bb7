package dev.warden.cli;

import dev.warden.audit.AuditKeys;
import dev.warden.audit.TrustedKey;
import dev.warden.node.NodeLayout;
import dev.warden.pki.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit keys a command trusts: each file given is a PEM public key (trusted for every checkpoint) or an
 * {@code audit-keys.json} (each key for its own range); by default the node's {@code pki/audit-keys.json} plus
 * {@code pki/audit-signing.pub}.
 */
public final class AuditKeyFiles {
    private AuditKeyFiles() {}

    public static List<TrustedKey> trusted(List<Path> files, Path dataDir) {
        if (files != null && !files.isEmpty()) {
            List<TrustedKey> keys = new ArrayList<>();
            for (Path file : files) {
                keys.addAll(read(file));
            }
            return keys;
        }
        NodeLayout layout = new NodeLayout(dataDir);
        List<TrustedKey> keys = new ArrayList<>();
        if (Files.exists(layout.auditKeys())) {
            keys.addAll(read(layout.auditKeys()));
        }
        for (TrustedKey pub : read(layout.auditPublicKey())) {
            if (keys.stream().noneMatch(k -> k.keyId().equals(pub.keyId()))) {
                keys.add(pub);
            }
        }
        return keys;
    }

    private static List<TrustedKey> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new CliException("cannot read the audit public key " + file + " (pass --public-key FILE)");
        }
        try {
            if (text.stripLeading().startsWith("{")) {
                return AuditKeys.parse(text).trusted();
            }
            return List.of(TrustedKey.always(Pem.parsePublicKey(text)));
        } catch (RuntimeException e) {
            throw new CliException("cannot read the audit public key " + file + ": " + oneLine(e.getMessage()));
        }
    }

    static String oneLine(String message) {
        String m = String.valueOf(message);
        int newline = m.indexOf('\n');
        return newline < 0 ? m : m.substring(0, newline);
    }
}
