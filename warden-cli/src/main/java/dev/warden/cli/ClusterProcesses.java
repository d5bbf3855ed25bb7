package dev.warden.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The node process of each cluster region: started with the JVM and class path of this command, in the background,
 * logging to {@code DATA/<region>/server.log}; stopped by its process id once its command line proves it is that
 * region's node (a process id may have been reused since).
 */
final class ClusterProcesses {
    private ClusterProcesses() {}

    /** Starts the region's node; returns its process id. */
    static long start(ClusterFiles files, ClusterFiles.Node node) throws IOException {
        Path regionDir = files.regionDir(node.region());
        Files.createDirectories(regionDir);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // Several nodes share one machine: a small heap each, grown on demand and given back when idle.
        command.addAll(List.of(
                "-XX:+UseG1GC",
                "-Xms32m",
                "-XX:MaxRAMPercentage=15",
                "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=30"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WardenCommand.class.getName()));
        command.addAll(List.of("server", "--data", regionDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(files.dir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        regionDir.resolve("server.log").toFile()));
        Map<String, String> env = builder.environment();
        // The caller's WARDEN_* (a token, another node's ports or passphrase) are not this region's.
        env.keySet().removeIf(name -> name.startsWith("WARDEN_"));
        env.put("WARDEN_REGION", node.region());
        env.put("WARDEN_ADMIN_PORT", Integer.toString(node.admin()));
        env.put("WARDEN_PUBLIC_PORT", Integer.toString(node.pub()));
        env.put("WARDEN_MQTT_PORT", Integer.toString(node.mqtt()));
        env.put("WARDEN_REGION_LINKS", "on");
        env.put("WARDEN_REGION_LINK_PORT", Integer.toString(node.link()));
        env.put("WARDEN_NODE", "node-1");
        Process process = builder.start();
        process.getOutputStream().close();
        return process.pid();
    }

    /** The region's node process, if it runs. */
    static Optional<ProcessHandle> running(ClusterFiles files, ClusterFiles.Node node) {
        if (node.pid() <= 0) {
            return Optional.empty();
        }
        String regionDir = files.regionDir(node.region()).toString();
        return ProcessHandle.of(node.pid())
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info()
                        .arguments()
                        .map(a -> List.of(a).contains(regionDir))
                        .orElse(false));
    }

    /** Stops the region's node (TERM, then KILL after 20 s); true when one was running. */
    static boolean stop(ClusterFiles files, String region) {
        Optional<ProcessHandle> process = running(files, files.node(region));
        if (process.isEmpty()) {
            return false;
        }
        process.get().destroy();
        try {
            process.get().onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.get().destroyForcibly();
        }
        return true;
    }

    /** The last lines of the region's server log, to say why a node did not start. */
    static String logTail(ClusterFiles files, String region) {
        try {
            List<String> lines = Files.readAllLines(files.regionDir(region).resolve("server.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no server.log)";
        }
    }
}
