package dev.warden.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden kms rotate-master-key}, a subcommand of {@link KmsCommand}: the one KMS command that works on the
 * stopped node's files and database directly, not through the admin API.
 */
@Command(
        name = "rotate-master-key",
        description = "With the node stopped: move every key-encryption keyset to a new "
                + "master key (new passphrase) in one transaction, then replace the master key file. Audited.")
final class KmsMasterKeyCommand implements Callable<Integer> {
    static final String NEW_PASSPHRASE_VARIABLE = "WARDEN_NEW_MASTER_KEY_PASSPHRASE";

    @ParentCommand
    KmsCommand kms;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    KeyOptions keyOptions;

    @Option(
            names = "--new-passphrase-file",
            paramLabel = "FILE",
            description = "The new master key's passphrase (else " + NEW_PASSPHRASE_VARIABLE + ", else asked).")
    Path newPassphraseFile;

    @Override
    public Integer call() {
        char[] passphrase = Passphrases.read(newPassphraseFile, NEW_PASSPHRASE_VARIABLE, "New master-key passphrase: ");
        try {
            var outcome = dev.warden.node.kms.MasterKeyRotationCommand.run(
                    kms.parent.options.config(keyOptions),
                    System.getenv(),
                    passphrase,
                    System.getProperty("user.name", "unknown"),
                    java.time.Clock.systemUTC());
            var out = spec.commandLine().getOut();
            out.printf(
                    "Master key rotated: %s -> %s (%d keysets re-wrapped%s)%n",
                    outcome.result().fromKeyId(),
                    outcome.result().toKeyId(),
                    outcome.result().rewrapped(),
                    outcome.result().alreadyRotated() > 0
                            ? ", " + outcome.result().alreadyRotated() + " already under the new key"
                            : "");
            out.printf(
                    "Start the node with master-key-passphrase-file (or %s) set to the new passphrase.%n",
                    dev.warden.node.kms.MasterKeyPassphrase.ENVIRONMENT_VARIABLE);
            out.printf(
                    "%d private key files under pki/ re-sealed under the new master key.%n",
                    outcome.keyFilesResealed());
            if (outcome.removedGeneratedPassphrase()) {
                out.println("The generated passphrase file of the old master key was removed.");
            }
            return 0;
        } finally {
            java.util.Arrays.fill(passphrase, '\0');
        }
    }
}
