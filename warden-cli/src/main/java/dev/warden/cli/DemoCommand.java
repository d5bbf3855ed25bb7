package dev.warden.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.warden.demo.DemoRun;
import dev.warden.region.core.RegionNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code warden demo}: the README's first command. */
@Command(
        name = "demo",
        description = "Start a node on a temporary data directory, provision a fleet by claim, stream"
                + " telemetry, then run attacks and show each one blocked.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--devices", defaultValue = "20", description = "Simulated devices (default 20).")
    int devices;

    @Option(
            names = "--seconds",
            defaultValue = "4",
            description = "Seconds of telemetry before the attacks (default 4).")
    int seconds;

    @Option(
            names = "--regions",
            split = ",",
            paramLabel = "R1,R2,R3",
            description = "The demo's three regions: its node's (the control and audit region), a member region, and"
                    + " a region that fails over to the node (default eu-west-1,us-east-1,eu-central-1).")
    List<String> regions = DemoRun.Options.DEFAULT_REGIONS;

    @Option(names = "--keep", description = "Keep the node running afterwards (Ctrl-C to stop).")
    boolean keep;

    @Option(names = "--no-color", description = "Plain output.")
    boolean noColor;

    @Option(names = "--verbose", description = "Show the node's log.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (devices < 2 || devices > 1000 || seconds < 1) {
            throw new CliException("--devices must be 2-1000 and --seconds at least 1");
        }
        if (regions.size() != 3 || regions.stream().distinct().count() != 3) {
            throw new CliException("--regions names three different regions, e.g. eu-west-1,us-east-1,eu-central-1");
        }
        for (String region : regions) {
            if (!RegionNode.isRegionName(region)) {
                throw new CliException("--regions: not a region name: " + region + " (e.g. eu-west-1)");
            }
        }
        if (!verbose) {
            // The node's log would bury the story (its warnings are the attacks being refused); errors still show.
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
        }
        boolean colour = !noColor && DemoRun.terminalSupportsColour();
        return new DemoRun(
                        new DemoRun.Options(devices, Duration.ofSeconds(seconds), keep, colour, regions),
                        spec.commandLine().getOut())
                .run();
    }
}
