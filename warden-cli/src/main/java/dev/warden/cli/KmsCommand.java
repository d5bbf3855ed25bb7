package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
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
            KmsEnvelopeCommands.Encrypt.class,
            KmsEnvelopeCommands.Decrypt.class,
            KmsCommand.Rotate.class,
            KmsCommand.ScheduleDeletion.class,
            KmsCommand.CancelDeletion.class,
            KmsSigningCommands.Sign.class,
            KmsSigningCommands.Verify.class,
            KmsSigningCommands.PublicKey.class,
            KmsMasterKeyCommand.class
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
}
