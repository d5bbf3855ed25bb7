package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
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
 * {@code warden region jurisdiction ...}: the deployment's residency table, which decides where bucket data may be
 * replicated. Set in the control region; every member receives it with the membership.
 */
@Command(
        name = "jurisdiction",
        description = "Jurisdictions: which regions may replicate bucket data to each other (set, list).",
        subcommands = {RegionJurisdictionCommand.Set.class, RegionJurisdictionCommand.ListAll.class})
final class RegionJurisdictionCommand {
    @ParentCommand
    RegionCommand region;

    static void print(CommandSpec spec, JsonNode reply, boolean json) {
        if (json) {
            spec.commandLine().getOut().println(reply.toPrettyString());
            return;
        }
        if (reply.path("jurisdictions").isEmpty()) {
            spec.commandLine().getOut().println("No jurisdictions: no region may replicate bucket data.");
        }
        for (JsonNode j : reply.path("jurisdictions")) {
            List<String> regions = new java.util.ArrayList<>();
            j.path("regions").forEach(r -> regions.add(r.asText()));
            spec.commandLine().getOut().printf("%-16s %s%n", j.path("name").asText(), String.join(", ", regions));
        }
    }

    @Command(
            name = "set",
            description = "Make NAME exactly the regions given (region:PutJurisdiction, control region only);"
                    + " --regions '' removes it. A region lies in one jurisdiction at most.")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        RegionJurisdictionCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--regions", required = true, paramLabel = "A,B", description = "Comma-separated regions.")
        String regions;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            List<String> list = Arrays.stream(regions.split(","))
                    .map(String::trim)
                    .filter(r -> !r.isEmpty())
                    .toList();
            JsonNode reply =
                    parent.region.admin().put("/regions/jurisdictions/" + Paths.segment(name), Map.of("regions", list));
            print(spec, reply, json);
            return 0;
        }
    }

    @Command(name = "list", description = "List the deployment's jurisdictions (region:ListRegions).")
    static final class ListAll implements Callable<Integer> {
        @ParentCommand
        RegionJurisdictionCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            print(spec, parent.region.admin().get("/regions/jurisdictions"), json);
            return 0;
        }
    }
}
