package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.region.core.RegionNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden cluster up|status|down|stop|start}: several regions on one machine, one node process per region in
 * {@code DATA/<region>}, joined into one deployment whose control and audit region is the first one named. The ports
 * each region got are kept in {@code DATA/cluster.json}, so that a cluster brought down and up again keeps its links.
 */
@Command(
        name = "cluster",
        description = "Several regions on this machine: one node per region, joined into one deployment.",
        subcommands = {
            ClusterCommand.Up.class,
            ClusterCommand.Status.class,
            ClusterCommand.Down.class,
            ClusterRegionCommands.Stop.class,
            ClusterRegionCommands.Start.class
        })
final class ClusterCommand {
    static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    WardenCommand parent;

    @Command(
            name = "up",
            description = "Start one node per region in the background (DATA/<region>), join them to the first region"
                    + " named (the control and audit region), and return once every region applies its IAM.")
    static final class Up implements Callable<Integer> {
        @ParentCommand
        ClusterCommand cluster;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--regions",
                required = true,
                split = ",",
                paramLabel = "REGION,...",
                description = "The regions, the control region first, e.g. eu-west-1,us-east-1,ap-southeast-1.")
        List<String> regions;

        @Option(
                names = "--timeout",
                paramLabel = "SECONDS",
                description = "How long to wait for the nodes to be ready and joined (default 180).")
        int timeoutSeconds = 180;

        @Override
        public Integer call() throws Exception {
            Path dir = ClusterFiles.dir(cluster.parent.options);
            for (String region : regions) {
                if (!RegionNode.isRegionName(region)) {
                    throw new CliException("not a region name: " + region);
                }
            }
            if (regions.stream().distinct().count() != regions.size()) {
                throw new CliException("a region is named twice in --regions");
            }
            ClusterFiles files = ClusterFiles.load(dir, regions);
            ClusterNodes nodes = new ClusterNodes(files, spec.commandLine().getErr());
            long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
            nodes.startAll(deadline);
            nodes.joinAll(deadline);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "Cluster of %d regions in %s (control and audit region: %s)%n",
                    regions.size(), dir, regions.get(0));
            ClusterView.print(out, files, nodes.views());
            out.printf(
                    "Talk to a region with ./warden ... --data %s/<region>; stop them with ./warden cluster down --data %s%n",
                    dir, dir);
            return 0;
        }
    }

    @Command(name = "status", description = "Each region of the cluster: running, its role, IAM replication.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        ClusterCommand cluster;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print each region's view (GET /regions) as JSON.")
        boolean json;

        @Override
        public Integer call() {
            ClusterFiles files = ClusterFiles.existing(ClusterFiles.dir(cluster.parent.options));
            Map<String, JsonNode> views =
                    new ClusterNodes(files, spec.commandLine().getErr()).views();
            if (json) {
                ObjectNode all = JSON.createObjectNode();
                ArrayNode regions = all.putArray("regions");
                for (String region : files.regions()) {
                    ObjectNode entry = regions.addObject();
                    entry.put("region", region);
                    entry.put("running", views.containsKey(region));
                    if (views.containsKey(region)) {
                        entry.set("view", views.get(region));
                    }
                }
                Output.json(spec.commandLine().getOut(), all);
            } else {
                ClusterView.print(spec.commandLine().getOut(), files, views);
            }
            return views.size() == files.regions().size() ? 0 : 1;
        }
    }

    @Command(name = "down", description = "Stop every node of the cluster (their data stays in DATA/<region>).")
    static final class Down implements Callable<Integer> {
        @ParentCommand
        ClusterCommand cluster;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ClusterFiles files = ClusterFiles.existing(ClusterFiles.dir(cluster.parent.options));
            List<String> stopped = new ArrayList<>();
            for (String region : files.regions()) {
                if (ClusterProcesses.stop(files, region)) {
                    stopped.add(region);
                }
            }
            files.clearPids();
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Stopped %s%n",
                            stopped.isEmpty() ? "nothing (no node was running)" : String.join(", ", stopped));
            return 0;
        }
    }

    /** The answer of a region's admin API to GET /regions, or null when it does not answer. */
    static JsonNode view(Path regionDir) {
        NodeOptions options = new NodeOptions();
        options.data = regionDir.toString();
        try {
            return AdminClient.admin(options).get("/regions");
        } catch (RuntimeException e) {
            return null;
        }
    }
}
