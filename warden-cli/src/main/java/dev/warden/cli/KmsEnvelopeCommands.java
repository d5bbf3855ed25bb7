package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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
 * {@code warden kms encrypt|decrypt}: envelope encryption for an owner and record, subcommands of {@link KmsCommand}.
 * Ciphertexts are printed and read as base64 text.
 */
final class KmsEnvelopeCommands {
    private KmsEnvelopeCommands() {}

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
                answer = kms.admin().post(KmsCommand.keyPath(name) + "/encrypt", body);
            } else {
                if (!Files.isRegularFile(input.file) || !Files.isReadable(input.file)) {
                    throw new CliException("cannot read " + input.file);
                }
                // The file's bytes as they are (binary or text), streamed as base64.
                answer = kms.admin()
                        .sendFile("POST", KmsCommand.keyPath(name) + "/encrypt", body, "plaintext", input.file);
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
            body.put("ciphertext", new String(KmsCommand.readBytes(in), StandardCharsets.US_ASCII).trim());
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
}
