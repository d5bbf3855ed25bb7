package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden kms ...}: the region's key-encryption keys and envelope encryption, through the admin API. Ciphertexts
 * are printed and read as base64 text.
 */
@Command(
        name = "kms",
        description = "Keys: create, list, describe, rotate, schedule or cancel deletion; encrypt and"
                + " decrypt (envelope encryption); sign and verify with signing keys, read their public key;"
                + " rotate the master key.",
        subcommands = {
            KmsCommand.CreateKey.class,
            KmsCommand.ListKeys.class,
            KmsCommand.DescribeKey.class,
            KmsCommand.Encrypt.class,
            KmsCommand.Decrypt.class,
            KmsCommand.Rotate.class,
            KmsCommand.ScheduleDeletion.class,
            KmsCommand.CancelDeletion.class,
            KmsSigningCommands.Sign.class,
            KmsSigningCommands.Verify.class,
            KmsSigningCommands.PublicKey.class,
            KmsCommand.RotateMasterKey.class
        })
final class KmsCommand {
    @ParentCommand
    WardenCommand parent;

    AdminClient admin() {
        return AdminClient.admin(parent.options);
    }

    static String keyPath(String name) {
        return "/kms/keys/" + Paths.segment(name);
    }

    static void printKey(PrintWriter out, JsonNode key, boolean json) {
        if (json) {
            Output.json(out, key);
            return;
        }
        out.printf(
                "%s  %s %s  origin %s  %s  version %d of %d%s%n",
                key.path("arn").asText(),
                key.path("keySpec").asText(),
                key.path("keyUsage").asText(),
                key.path("origin").asText("KMS"),
                key.path("state").asText(),
                key.path("primaryVersion").asInt(),
                key.path("versions").asInt(),
                key.path("deletionAt").isTextual()
                        ? "  deletion at " + key.path("deletionAt").asText()
                        : "");
    }

    /** Where the owner and record of a ciphertext are given. */
    static final class ContextOptions {
        @Option(
                names = "--owner",
                required = true,
                description = "The data owner (a thing, a bucket...): each has its own data key.")
        String owner;

        @Option(
                names = "--record",
                required = true,
                description = "The record the data belongs to; decryption needs the same.")
        String record;
    }

    @Command(
            name = "create-key",
            description = "Create a key-encryption key (AES-256-GCM) or, with --spec ECC_NIST_P256, an ECDSA"
                    + " signing key; either is stored only wrapped by the master key, or, with --origin hsm, a signing"
                    + " key is generated and kept in the node's HSM.")
    static final class CreateKey implements Callable<Integer> {
        @ParentCommand
        KmsCommand kms;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--description")
        String description;

        @Option(
                names = {"--spec", "--key-spec"},
                paramLabel = "SPEC",
                description = "SYMMETRIC_DEFAULT (the default: encrypt and decrypt) or ECC_NIST_P256 (sign and"
                        + " verify, ECDSA with SHA-256; the private key never leaves the KMS).")
        String keySpec;

        @Option(
                names = "--origin",
                paramLabel = "ORIGIN",
                description = "kms (the default: the KMS generates the key and stores it wrapped by the master key)"
                        + " or hsm (an ECC_NIST_P256 key generated in the node's PKCS#11 HSM as a non-extractable"
                        + " object; it signs there; refused with HSM_NOT_CONFIGURED when the node has no HSM).")
        String origin;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            if (description != null) {
                body.put("description", description);
            }
            if (keySpec != null) {
                body.put("keySpec", keySpec);
            }
            if (origin != null) {
                body.put("origin", origin);
            }
            printKey(spec.commandLine().getOut(), kms.admin().post("/kms/keys", body), json);
            return 0;
        }
    }

    @Command(name = "list-keys", description = "List the region's keys and their state.")
    static final class ListKeys implements Callable<Integer> {
        @ParentCommand
        KmsCommand kms;

        @Spec
        CommandSpec spec;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode list = kms.admin().get("/kms/keys");
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    list,
                    "keys",
                    "name",
                    "keySpec",
                    "keyUsage",
                    "origin",
                    "state",
                    "primaryVersion",
                    "versions",
                    "deletionAt",
                    "arn");
            return 0;
        }
    }

    @Command(name = "describe-key", description = "Show a key's metadata (never its material).")
    static final class DescribeKey implements Callable<Integer> {
        @ParentCommand
        KmsCommand kms;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            printKey(spec.commandLine().getOut(), kms.admin().get(keyPath(name)), json);
            return 0;
        }
    }

    @Command(name = "encrypt", description = "Encrypt under the owner's data key; prints the ciphertext (base64).")
    static final class Encrypt implements Callable<Integer> {
        @ParentCommand
        KmsCommand kms;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @ArgGroup(exclusive = false, multiplicity = "1")
        ContextOptions context;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Input input;

        @Option(
                names = "--out",
                paramLabel = "FILE",
                description = "Write the ciphertext (base64) here instead of printing it.")
        Path out;

        static final class Input {
            @Option(names = "--plaintext", paramLabel = "TEXT", description = "The plaintext (UTF-8).")
            String text;

            @Option(names = "--in", paramLabel = "FILE", description = "Read the plaintext from FILE.")
            Path file;
        }

        @Override
        public Integer call() throws IOException {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("owner", context.owner);
            body.put("recordId", context.record);
            JsonNode answer;
            if (input.text != null) {
                body.put("plaintext", Base64.getEncoder().encodeToString(input.text.getBytes(StandardCharsets.UTF_8)));
                answer = kms.admin().post(keyPath(name) + "/encrypt", body);
            } else {
                if (!Files.isRegularFile(input.file) || !Files.isReadable(input.file)) {
                    throw new CliException("cannot read " + input.file);
                }
                // The file's bytes as they are (binary or text), streamed as base64.
                answer = kms.admin().sendFile("POST", keyPath(name) + "/encrypt", body, "plaintext", input.file);
            }
            String ciphertext = answer.path("ciphertext").asText();
            if (out != null) {
                Files.writeString(out, ciphertext + "\n");
            } else {
                spec.commandLine().getOut().println(ciphertext);
            }
            return 0;
        }
    }

    @Command(
            name = "decrypt",
            description = "Decrypt a ciphertext (base64, as printed by encrypt) for its owner and record.")
    static final class Decrypt implements Callable<Integer> {
        @ParentCommand
        KmsCommand kms;

        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = false, multiplicity = "1")
        ContextOptions context;

        @Option(names = "--in", required = true, paramLabel = "FILE", description = "The ciphertext (base64).")
        Path in;

        @Option(
                names = "--out",
                paramLabel = "FILE",
                description = "Write the plaintext bytes to FILE (- for standard output,"
                        + " as raw bytes) instead of printing them as a line of UTF-8 text.")
        Path out;

        @Override
        public Integer call() throws IOException {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ciphertext", new String(readBytes(in), StandardCharsets.US_ASCII).trim());
            body.put("owner", context.owner);
            body.put("recordId", context.record);
            if (out == null) {
                byte[] plaintext = Base64.getDecoder()
                        .decode(kms.admin()
                                .post("/kms/decrypt", body)
                                .path("plaintext")
                                .asText());
                spec.commandLine().getOut().println(new String(plaintext, StandardCharsets.UTF_8));
            } else if (out.toString().equals("-")) {
                try (java.io.OutputStream stdout = WardenCommand.binaryOut(spec)) {
                    kms.admin().receiveFile("POST", "/kms/decrypt", body, "plaintext", stdout);
                }
            } else {
                BucketCommand.receiveInto(
                        out, sink -> kms.admin().receiveFile("POST", "/kms/decrypt", body, "plaintext", sink));
            }
            return 0;
        }
    }

    @Command(name = "rotate", description = "Add a new primary version; every earlier version still decrypts.")
    static final class Rotate implements Callable<Integer> {
        @ParentCommand
        KmsCommand kms;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            printKey(spec.commandLine().getOut(), kms.admin().post(keyPath(name) + "/rotate", Map.of()), json);
            return 0;
        }
    }

    @Command(
            name = "schedule-deletion",
            description = "Schedule the key's deletion in 7 to 30 days; it refuses encrypt and decrypt meanwhile.")
    static final class ScheduleDeletion implements Callable<Integer> {
        @ParentCommand
        KmsCommand kms;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--days", required = true, description = "Pending window, 7 to 30 days.")
        int days;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            printKey(
                    spec.commandLine().getOut(),
                    kms.admin().post(keyPath(name) + "/schedule-deletion", Map.of("days", days)),
                    json);
            return 0;
        }
    }

    @Command(name = "cancel-deletion", description = "Cancel a pending deletion; the key is enabled again.")
    static final class CancelDeletion implements Callable<Integer> {
        @ParentCommand
        KmsCommand kms;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            printKey(spec.commandLine().getOut(), kms.admin().post(keyPath(name) + "/cancel-deletion", Map.of()), json);
            return 0;
        }
    }

    static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
    }

    @Command(
            name = "rotate-master-key",
            description = "With the node stopped: move every key-encryption keyset to a new "
                    + "master key (new passphrase) in one transaction, then replace the master key file. Audited.")
    static final class RotateMasterKey implements Callable<Integer> {
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
            char[] passphrase =
                    Passphrases.read(newPassphraseFile, NEW_PASSPHRASE_VARIABLE, "New master-key passphrase: ");
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
}
