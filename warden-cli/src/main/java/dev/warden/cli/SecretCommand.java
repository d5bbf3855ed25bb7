package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden secret ...}: versioned secrets encrypted under the built-in key, through the admin API. Only
 * {@code get} prints a value; every get is recorded in the audit trail.
 */
@Command(
        name = "secret",
        description = "Secrets: put, get, list, rotate, delete.",
        subcommands = {
            SecretCommand.Put.class,
            SecretCommand.Get.class,
            SecretCommand.ListSecrets.class,
            SecretCommand.Rotate.class,
            SecretCommand.Delete.class
        })
final class SecretCommand {
    @ParentCommand
    WardenCommand parent;

    AdminClient admin() {
        return AdminClient.admin(parent.options);
    }

    /** Secret names may hold '/', which stays a separator: the server's route takes the rest of the path as the name. */
    static String path(String name) {
        StringBuilder path = new StringBuilder("/secrets");
        for (String segment : name.split("/", -1)) {
            path.append('/').append(Paths.segment(segment));
        }
        return path.toString();
    }

    @Command(
            name = "put",
            description = "Store a new version and make it CURRENT (the value from --value or standard input).")
    static final class Put implements Callable<Integer> {
        @ParentCommand
        SecretCommand secret;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(
                names = "--value",
                paramLabel = "VALUE",
                description = "The value (visible in the process list and shell history: prefer standard input).")
        String value;

        @Option(names = "--description")
        String description;

        @Override
        public Integer call() throws IOException {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("value", value != null ? value : readStandardInput());
            if (description != null) {
                body.put("description", description);
            }
            JsonNode stored = secret.admin().put(path(name), body);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Stored secret %s, version %s (CURRENT)%n",
                            name, stored.path("versionId").asText());
            return 0;
        }

        /** Standard input up to its end, without one trailing line break (what `echo` or a here-string adds). */
        private static String readStandardInput() throws IOException {
            InputStream in = System.in;
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (text.endsWith("\r\n")) {
                text = text.substring(0, text.length() - 2);
            } else if (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.isEmpty()) {
                throw new CliException("no value: give --value or pipe the value into standard input");
            }
            return text;
        }
    }

    @Command(name = "get", description = "Print a version's value (CURRENT by default). Every read is audited.")
    static final class Get implements Callable<Integer> {
        @ParentCommand
        SecretCommand secret;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(
                names = "--label",
                paramLabel = "CURRENT|PREVIOUS|PENDING",
                description = "Which version (default CURRENT).")
        String label;

        @Option(names = "--json", description = "Print the version as JSON (value included).")
        boolean json;

        @Override
        public Integer call() {
            JsonNode version = secret.admin().get(path(name) + (label == null ? "" : "?label=" + Paths.segment(label)));
            if (json) {
                Output.json(spec.commandLine().getOut(), version);
            } else if (version.has("value")) {
                spec.commandLine().getOut().println(version.path("value").asText());
            } else {
                // A binary value (e.g. an HMAC keyset) is printed as base64.
                spec.commandLine().getOut().println(version.path("valueBase64").asText());
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List secrets with their labels and version counts (never values).")
    static final class ListSecrets implements Callable<Integer> {
        @ParentCommand
        SecretCommand secret;

        @Spec
        CommandSpec spec;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode list = secret.admin().get("/secrets");
            if (!json) {
                // Labels as "CURRENT PREVIOUS": the names a person asks for with get --label.
                for (JsonNode s : list.path("secrets")) {
                    if (s instanceof com.fasterxml.jackson.databind.node.ObjectNode entry) {
                        List<String> labels = new ArrayList<>();
                        s.path("labels").fieldNames().forEachRemaining(labels::add);
                        entry.put("labels", labels.isEmpty() ? "-" : String.join(" ", labels));
                    }
                }
            }
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    list,
                    "secrets",
                    "name",
                    "versions",
                    "labels",
                    "updatedAt",
                    "rotatedAt");
            return 0;
        }
    }

    @Command(name = "rotate", description = "Rotate to a new generated value; the old one stays as PREVIOUS.")
    static final class Rotate implements Callable<Integer> {
        @ParentCommand
        SecretCommand secret;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(
                names = "--rotator",
                defaultValue = "random-password",
                paramLabel = "random-password|hmac-key",
                description = "How the new value is made (default ${DEFAULT-VALUE}).")
        String rotator;

        @Override
        public Integer call() {
            JsonNode rotated = secret.admin().post(path(name) + "/rotate", Map.of("rotator", rotator));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Rotated secret %s, version %s (CURRENT)%n",
                            name, rotated.path("versionId").asText());
            return 0;
        }
    }

    @Command(
            name = "delete",
            description = "Delete a secret and crypto-shred its data key: no version can be read again.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        SecretCommand secret;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            secret.admin().delete(path(name));
            spec.commandLine().getOut().printf("Deleted secret %s%n", name);
            return 0;
        }
    }
}
