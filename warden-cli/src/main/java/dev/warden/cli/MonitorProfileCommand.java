package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden monitor profile ...}: security profiles through the admin API. {@code show} prints the document
 * alone on standard output (its version on standard error), so that {@code show P > p.json}, an edit and
 * {@code update --file p.json} round-trip.
 */
@Command(
        name = "profile",
        description = "Security profiles: create, update, list, show, delete, attach, detach, versions.",
        subcommands = {
            MonitorProfileCommand.Create.class,
            MonitorProfileCommand.Update.class,
            MonitorProfileCommand.ListProfiles.class,
            MonitorProfileCommand.Show.class,
            MonitorProfileCommand.Delete.class,
            MonitorProfileCommand.Attach.class,
            MonitorProfileCommand.Detach.class,
            MonitorProfileCommand.Versions.class
        })
final class MonitorProfileCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    MonitorCommand monitor;

    AdminClient admin() {
        return monitor.admin();
    }

    static String path(String name) {
        return "/monitor/profiles/" + Paths.segment(name);
    }

    /** The file as JSON; the node validates it (and names the reason of a refusal). */
    static JsonNode document(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new CliException("INVALID_PROFILE: " + file + " is not JSON");
        }
    }

    static void printed(CommandSpec spec, boolean json, JsonNode answer, String what) {
        if (json) {
            Output.json(spec.commandLine().getOut(), answer);
        } else {
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s profile %s, version %d%n",
                            what,
                            answer.path("name").asText(),
                            answer.path("version").asLong());
        }
    }

    @Command(name = "create", description = "Create a profile from a JSON document (monitor:CreateSecurityProfile).")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        MonitorProfileCommand profile;

        @Spec
        CommandSpec spec;

        @Option(names = "--file", required = true, paramLabel = "FILE")
        Path file;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            printed(spec, json, profile.admin().post("/monitor/profiles", document(file)), "Created");
            return 0;
        }
    }

    @Command(
            name = "update",
            description = "Replace a profile's document (monitor:UpdateSecurityProfile). Without --expected-version"
                    + " the version read just before is replaced; with it, a change made since is a VERSION_CONFLICT.")
    static final class Update implements Callable<Integer> {
        @ParentCommand
        MonitorProfileCommand profile;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Default: the document's name.")
        String name;

        @Option(names = "--file", required = true, paramLabel = "FILE")
        Path file;

        @Option(names = "--expected-version", paramLabel = "N", description = "The version this update replaces.")
        Long expectedVersion;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode document = document(file);
            String target = name != null ? name : document.path("name").asText(null);
            if (target == null) {
                throw new CliException("give the profile's NAME, or a document with a name");
            }
            AdminClient admin = profile.admin();
            long expected = expectedVersion != null
                    ? expectedVersion
                    : admin.get(path(target)).path("version").asLong();
            printed(spec, json, admin.put(path(target) + "?expectedVersion=" + expected, document), "Updated");
            return 0;
        }
    }

    @Command(name = "list", description = "List the profiles (monitor:ListSecurityProfiles).")
    static final class ListProfiles implements Callable<Integer> {
        @ParentCommand
        MonitorProfileCommand profile;

        @Spec
        CommandSpec spec;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    profile.admin().get("/monitor/profiles"),
                    "profiles",
                    "name",
                    "version",
                    "builtIn",
                    "targets",
                    "behaviours",
                    "updatedAt",
                    "updatedBy");
            return 0;
        }
    }

    @Command(
            name = "show",
            description =
                    "Print a profile's document, the current or a stored VERSION (monitor:DescribeSecurityProfile).")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        MonitorProfileCommand profile;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        // A positional, not --version: every command's -V/--version prints Warden's version.
        @Parameters(
                index = "1",
                arity = "0..1",
                paramLabel = "VERSION",
                description = "A stored version; default the current.")
        Long version;

        @Option(names = "--json", description = "The document with its version, dates and authors.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode answer = profile.admin().get(path(name) + (version == null ? "" : "?version=" + version));
            if (json) {
                Output.json(spec.commandLine().getOut(), answer);
                return 0;
            }
            Output.json(spec.commandLine().getOut(), answer.path("document"));
            spec.commandLine()
                    .getErr()
                    .printf(
                            "# %s version %d, %s by %s%n",
                            name,
                            answer.path("version").asLong(),
                            answer.has("changedAt")
                                    ? answer.path("change").asText() + " "
                                            + answer.path("changedAt").asText()
                                    : "updated " + answer.path("updatedAt").asText(),
                            answer.has("changedBy")
                                    ? answer.path("changedBy").asText()
                                    : answer.path("updatedBy").asText());
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a profile; its versions stay (monitor:DeleteSecurityProfile).")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        MonitorProfileCommand profile;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            profile.admin().delete(path(name));
            spec.commandLine().getOut().printf("Deleted profile %s%n", name);
            return 0;
        }
    }

    @Command(
            name = "attach",
            description = "Attach a profile to all, group/NAME or type/NAME (monitor:AttachSecurityProfile).")
    static final class Attach implements Callable<Integer> {
        @ParentCommand
        MonitorProfileCommand profile;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "TARGET")
        String target;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode answer = profile.admin().post(path(name) + "/targets", Map.of("target", target));
            printed(spec, json, answer, "Attached " + target + " to");
            return 0;
        }
    }

    @Command(
            name = "detach",
            description = "Detach a profile from all, group/NAME or type/NAME (monitor:DetachSecurityProfile).")
    static final class Detach implements Callable<Integer> {
        @ParentCommand
        MonitorProfileCommand profile;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "TARGET")
        String target;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            StringBuilder p = new StringBuilder(path(name)).append("/targets");
            // The route takes the rest of the path as the target: its '/' stays a separator.
            for (String segment : target.split("/", -1)) {
                p.append('/').append(Paths.segment(segment));
            }
            printed(spec, json, profile.admin().delete(p.toString()), "Detached " + target + " from");
            return 0;
        }
    }

    @Command(name = "versions", description = "A profile's versions (monitor:DescribeSecurityProfile).")
    static final class Versions implements Callable<Integer> {
        @ParentCommand
        MonitorProfileCommand profile;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    profile.admin().get(path(name) + "/versions"),
                    "versions",
                    "version",
                    "change",
                    "changedBy",
                    "changedAt");
            return 0;
        }
    }
}
