package dev.warden.cli;

import dev.warden.kms.MasterKey;
import dev.warden.node.NodeInitializer;
import dev.warden.node.NodeLayout;
import dev.warden.node.SealedKeyFiles;
import dev.warden.node.config.WardenConfig;
import dev.warden.pki.KeyExportCapability;
import dev.warden.pki.KeySource;
import dev.warden.pki.store.CaStore;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code warden init}: CA hierarchy, TLS server certificate, KMS master key and built-in key, bootstrap admin credential. Idempotent. */
@Command(name = "init", description = "Initialize the node's data directory (also done on first start).")
final class InitCommand implements Callable<Integer> {
    @ParentCommand
    WardenCommand parent;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    KeyOptions keyOptions;

    @picocli.CommandLine.Mixin
    ServerOptions serverOptions;

    @Option(
            names = "--offline-root",
            paramLabel = "FILE",
            description = "Export the root CA key encrypted (PKCS#8) to FILE and remove it from the node.")
    Path offlineRoot;

    @Option(
            names = "--passphrase-file",
            paramLabel = "FILE",
            description = "File holding the passphrase for --offline-root (else WARDEN_ROOT_PASSPHRASE or a prompt).")
    Path passphraseFile;

    @Override
    public Integer call() throws Exception {
        WardenConfig config = parent.options.config(keyOptions, serverOptions);
        var out = spec.commandLine().getOut();
        NodeInitializer initializer = new NodeInitializer(config, Clock.systemUTC(), new SecureRandom());
        // First: the node's private keys are sealed under it.
        MasterKey masterKey = initializer.masterKey();
        KeySource keys = null;
        try (Database database = Database.open(config.db(), config.dataDir())) {
            keys = NodeInitializer.keySource(config);
            var result = initializer.initialize(database, keys, masterKey);
            NodeLayout layout = new NodeLayout(config.dataDir());
            out.println(
                    result.caCreated()
                            ? "Created the CA hierarchy for region " + config.region() + " in " + layout.pkiDir()
                            : "CA hierarchy for region " + config.region() + " already present in " + layout.pkiDir());
            out.println("KMS master key of region " + config.region() + " in " + layout.masterKey(config.region())
                    + (result.defaultKeyCreated() ? "; created the built-in key 'default'" : ""));
            if (result.credentialCreated()) {
                out.println("Bootstrap admin credential written to " + layout.adminCredential()
                        + " (mode 0600; it is not shown again).");
            }
            if (offlineRoot != null) {
                char[] passphrase =
                        Passphrases.read(passphraseFile, "WARDEN_ROOT_PASSPHRASE", "Passphrase for the root CA key: ");
                CaStore.offlineRoot(
                        layout.pkiDir(),
                        new SealedKeyFiles(masterKey),
                        passphrase,
                        offlineRoot,
                        KeyExportCapability.get());
                java.util.Arrays.fill(passphrase, '\0');
                out.println("Root CA key exported (encrypted) to " + offlineRoot + " and removed from the node.");
            }
        } finally {
            if (keys instanceof AutoCloseable closeable) {
                closeable.close();
            }
            if (masterKey instanceof AutoCloseable hsmKey) {
                hsmKey.close();
            }
        }
        return 0;
    }
}
