package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden firmware ...}: firmware releases of a thing type. A release is published once and never replaced;
 * revoking it takes it out of the update metadata and stops its image being served.
 */
@Command(
        name = "firmware",
        description = "Firmware releases: publish an image for a thing type, list, show, revoke; rotate-key of the"
                + " update metadata.",
        subcommands = {
            FirmwareCommand.Publish.class,
            FirmwareCommand.ListReleases.class,
            FirmwareCommand.Show.class,
            FirmwareCommand.Revoke.class,
            FirmwareCommand.RotateKey.class
        })
final class FirmwareCommand {
    @ParentCommand
    WardenCommand parent;

    AdminClient admin() {
        return AdminClient.admin(parent.options);
    }

    static String path(String type, String version) {
        return "/firmware/" + Paths.segment(type) + "/releases/" + Paths.segment(version);
    }

    /** Type, version and the fields an operator checks before a rollout. */
    static void describe(java.io.PrintWriter out, JsonNode release) {
        out.printf(
                "%s %s%s: %d bytes, sha256 %s, min-version %s, hardware %s%n",
                release.path("thingType").asText(),
                release.path("version").asText(),
                release.path("revoked").asBoolean()
                        ? " (REVOKED: " + release.path("revokeReason").asText() + ")"
                        : "",
                release.path("length").asLong(),
                release.path("sha256").asText(),
                release.path("minVersion").asText(),
                release.path("hardware").isEmpty() ? "any" : String.join(",", texts(release.path("hardware"))));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Command(name = "publish", description = "Publish an image as a release of a thing type (never replaces one).")
    static final class Publish implements Callable<Integer> {
        @ParentCommand
        FirmwareCommand firmware;

        @Spec
        CommandSpec spec;

        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "The thing type it is for.")
        String type;

        @Option(names = "--version", required = true, paramLabel = "VERSION", description = "e.g. 2.4.0")
        String version;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The image.")
        Path file;

        @Option(
                names = "--min-version",
                paramLabel = "VERSION",
                description = "The oldest version a device may go back to after installing this one"
                        + " (default: this version).")
        String minVersion;

        @Option(
                names = "--hardware",
                split = ",",
                paramLabel = "REV",
                description = "Hardware revisions the image fits (default: every revision of the type).")
        List<String> hardware;

        @Override
        public Integer call() {
            Map<String, String> query = new java.util.LinkedHashMap<>();
            query.put("minVersion", minVersion);
            query.put("hardware", hardware == null || hardware.isEmpty() ? null : String.join(",", hardware));
            JsonNode release = firmware.admin().upload(path(type, version) + Paths.query(query), file);
            spec.commandLine().getOut().print("Published ");
            describe(spec.commandLine().getOut(), release);
            return 0;
        }
    }

    @Command(name = "list", description = "List releases, newest first within each thing type.")
    static final class ListReleases implements Callable<Integer> {
        @ParentCommand
        FirmwareCommand firmware;

        @Spec
        CommandSpec spec;

        @Option(names = "--type", paramLabel = "TYPE", description = "Only this thing type's releases.")
        String type;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode list = firmware.admin()
                    .get("/firmware/releases" + Paths.query(java.util.Collections.singletonMap("type", type)));
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    list,
                    "releases",
                    "thingType",
                    "version",
                    "minVersion",
                    "length",
                    "revoked",
                    "publishedAt",
                    "publishedBy");
            return 0;
        }
    }

    @Command(name = "show", description = "Show one release: hashes, length, min-version, hardware, revocation.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        FirmwareCommand firmware;

        @Spec
        CommandSpec spec;

        @Option(names = "--type", required = true, paramLabel = "TYPE")
        String type;

        @Option(names = "--version", required = true, paramLabel = "VERSION")
        String version;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode release = firmware.admin().get(path(type, version));
            if (json) {
                Output.json(spec.commandLine().getOut(), release);
            } else {
                describe(spec.commandLine().getOut(), release);
                spec.commandLine()
                        .getOut()
                        .printf("sha512 %s%n", release.path("sha512").asText());
            }
            return 0;
        }
    }

    @Command(
            name = "revoke",
            description = "Revoke a release: it leaves the update metadata and its image is no longer served.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        FirmwareCommand firmware;

        @Spec
        CommandSpec spec;

        @Option(names = "--type", required = true, paramLabel = "TYPE")
        String type;

        @Option(names = "--version", required = true, paramLabel = "VERSION")
        String version;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (kept with the release).")
        String reason;

        @Override
        public Integer call() {
            JsonNode release = firmware.admin().post(path(type, version) + "/revoke", Map.of("reason", reason));
            spec.commandLine().getOut().print("Revoked ");
            describe(spec.commandLine().getOut(), release);
            return 0;
        }
    }

    @Command(
            name = "rotate-key",
            description = "Replace a signing key of the update metadata (root, targets, snapshot or timestamp): a new"
                    + " KMS key, new metadata for every thing type, the old key revoked.")
    static final class RotateKey implements Callable<Integer> {
        @ParentCommand
        FirmwareCommand firmware;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--role",
                required = true,
                paramLabel = "ROLE",
                description = "root, targets, snapshot or timestamp")
        String role;

        @Override
        public Integer call() {
            JsonNode done = firmware.admin().post("/firmware/keys/" + Paths.segment(role) + "/rotate", Map.of());
            spec.commandLine()
                    .getOut()
                    .printf(
                            "The %s role now signs with %s (key id %s); retired %s; metadata signed again for %s%n",
                            done.path("role").asText(),
                            done.path("key").asText(),
                            done.path("keyId").asText(),
                            done.path("retired"),
                            done.path("thingTypes"));
            return 0;
        }
    }
}
