package dev.warden.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden cluster stop|start REGION}: one region of a local cluster down and up again (its data and ports
 * kept), e.g. to try a failover to its standby and the failback.
 */
final class ClusterRegionCommands {
    private ClusterRegionCommands() {}

    @Command(name = "stop", description = "Stop one region's node (its data stays in DATA/<region>).")
    static final class Stop implements Callable<Integer> {
        @ParentCommand
        ClusterCommand cluster;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "REGION")
        String region;

        @Override
        public Integer call() {
            ClusterFiles files = ClusterFiles.existing(ClusterFiles.dir(cluster.parent.options));
            requireMember(files, region);
            boolean stopped = ClusterProcesses.stop(files, region);
            files.pid(region, 0);
            spec.commandLine().getOut().printf(stopped ? "Stopped %s%n" : "%s was not running%n", region);
            return 0;
        }
    }

    @Command(name = "start", description = "Start one region's node again, on its ports, and wait until it is ready.")
    static final class Start implements Callable<Integer> {
        @ParentCommand
        ClusterCommand cluster;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "REGION")
        String region;

        @Option(
                names = "--timeout",
                paramLabel = "SECONDS",
                description = "How long to wait for the node to be ready (default 120).")
        int timeoutSeconds = 120;

        @Override
        public Integer call() throws Exception {
            ClusterFiles files = ClusterFiles.existing(ClusterFiles.dir(cluster.parent.options));
            requireMember(files, region);
            new ClusterNodes(files, spec.commandLine().getErr())
                    .start(region, System.nanoTime() + timeoutSeconds * 1_000_000_000L);
            spec.commandLine().getOut().printf("%s is running%n", region);
            return 0;
        }
    }

    private static void requireMember(ClusterFiles files, String region) {
        if (!files.regions().contains(region)) {
            throw new CliException(
                    "the cluster has no region " + region + " (it has " + String.join(", ", files.regions()) + ")");
        }
    }
}
