package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden kms sign|verify|public-key}: the signing keys' commands, subcommands of {@link KmsCommand}. Signatures
 * are DER files (what {@code openssl dgst -signature} reads) or their base64; public keys are PEM.
 */
final class KmsSigningCommands {
    /** A DER signature starts with an ASN.1 SEQUENCE (0x30); its base64 starts with 'M', so one byte tells them apart. */
    private static final int DER_SEQUENCE = 0x30;

    private KmsSigningCommands() {}

    static Path readable(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CliException("cannot read " + file);
        }
        return file;
    }

    @Command(
            name = "sign",
            description = "Sign a file's bytes with an ECC_NIST_P256 key (ECDSA with SHA-256) in the KMS: prints the"
                    + " DER signature as base64, or writes the DER bytes to --out.")
    static final class Sign implements Callable<Integer> {
        @ParentCommand
        KmsCommand kms;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The message to sign.")
        Path file;

        @Option(
                names = "--out",
                paramLabel = "SIG",
                description = "Write the signature (DER bytes, as openssl dgst -signature reads them) here.")
        Path out;

        @Override
        public Integer call() throws IOException {
            JsonNode answer = kms.admin()
                    .sendFile("POST", KmsCommand.keyPath(name) + "/sign", Map.of(), "message", readable(file));
            String signature = answer.path("signature").asText();
            if (out != null) {
                Files.write(out, Base64.getDecoder().decode(signature));
            } else {
                spec.commandLine().getOut().println(signature);
            }
            return 0;
        }
    }

    @Command(
            name = "verify",
            description = "Check a signature of a file's bytes with the key in the KMS; fails (INVALID_SIGNATURE)"
                    + " unless it verifies.")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        KmsCommand kms;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The signed message.")
        Path file;

        @Option(
                names = "--signature",
                required = true,
                paramLabel = "SIG",
                description = "The signature: DER bytes (sign --out) or their base64 (as sign prints).")
        Path signature;

        @Override
        public Integer call() {
            JsonNode answer = kms.admin()
                    .sendFile(
                            "POST",
                            KmsCommand.keyPath(name) + "/verify",
                            Map.of("signature", signatureBase64(KmsCommand.readBytes(readable(signature)))),
                            "message",
                            readable(file));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Signature valid: %s, %s%n",
                            answer.path("signingAlgorithm").asText(),
                            answer.path("keyArn").asText());
            return 0;
        }

        static String signatureBase64(byte[] bytes) {
            if (bytes.length > 0 && (bytes[0] & 0xff) == DER_SEQUENCE) {
                return Base64.getEncoder().encodeToString(bytes);
            }
            return new String(bytes, StandardCharsets.US_ASCII).trim();
        }
    }

    @Command(
            name = "public-key",
            description = "Print a signing key's public key (PEM, SubjectPublicKeyInfo), or write it to --out.")
    static final class PublicKey implements Callable<Integer> {
        @ParentCommand
        KmsCommand kms;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the PEM here.")
        Path out;

        @Option(names = "--json", description = "The whole answer: key spec, usage, algorithms, DER and PEM.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            JsonNode answer = kms.admin().get(KmsCommand.keyPath(name) + "/public-key");
            PrintWriter stdout = spec.commandLine().getOut();
            String pem = answer.path("pem").asText();
            if (out != null) {
                Files.writeString(out, pem);
            } else if (json) {
                Output.json(stdout, answer);
            } else {
                stdout.print(pem);
                stdout.flush();
            }
            return 0;
        }
    }
}
