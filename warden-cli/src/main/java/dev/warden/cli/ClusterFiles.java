package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.storage.SecureFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code DATA/cluster.json}: the cluster's regions in order (the first is the control region), the ports each got
 * when the cluster was first brought up (kept, so that the links the regions registered stay valid), and the process
 * of each running node.
 */
final class ClusterFiles {
    /** One region's node: its ports, and its process id while it runs (0 when stopped). */
    record Node(String region, int admin, int pub, int mqtt, int link, long pid) {
        Node withPid(long value) {
            return new Node(region, admin, pub, mqtt, link, value);
        }
    }

    private final Path dir;
    private final List<Node> nodes;

    private ClusterFiles(Path dir, List<Node> nodes) {
        this.dir = dir;
        this.nodes = new ArrayList<>(nodes);
    }

    /** The cluster's directory: {@code --data} is required, a cluster never lands in a single node's default one. */
    static Path dir(NodeOptions options) {
        if (options.data == null || options.data.isBlank()) {
            throw new CliException("give --data DIR: a cluster's regions live in DIR/<region>");
        }
        return Path.of(options.data).toAbsolutePath().normalize();
    }

    /** The cluster in {@code dir} if there is one (it must have these regions), else a new one with free ports. */
    static ClusterFiles load(Path dir, List<String> regions) throws IOException {
        Path file = dir.resolve("cluster.json");
        if (Files.exists(file)) {
            ClusterFiles existing = existing(dir);
            if (!existing.regions().equals(regions)) {
                throw new CliException(dir + " holds a cluster of " + String.join(",", existing.regions())
                        + ": give the same --regions, or another --data");
            }
            return existing;
        }
        Files.createDirectories(dir);
        List<Node> nodes = new ArrayList<>();
        for (String region : regions) {
            nodes.add(new Node(region, freePort(), freePort(), freePort(), freePort(), 0));
        }
        ClusterFiles created = new ClusterFiles(dir, nodes);
        created.write();
        return created;
    }

    /** The cluster in {@code dir}, which must exist. */
    static ClusterFiles existing(Path dir) {
        Path file = dir.resolve("cluster.json");
        if (!Files.isReadable(file)) {
            throw new CliException(
                    "no cluster in " + dir + " (start one with ./warden cluster up --regions ... --data " + dir + ")");
        }
        try {
            List<Node> nodes = new ArrayList<>();
            for (JsonNode n : ClusterCommand.JSON.readTree(file.toFile()).path("regions")) {
                nodes.add(new Node(
                        n.path("region").asText(),
                        n.path("adminPort").asInt(),
                        n.path("publicPort").asInt(),
                        n.path("mqttPort").asInt(),
                        n.path("linkPort").asInt(),
                        n.path("pid").asLong()));
            }
            return new ClusterFiles(dir, nodes);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
    }

    Path dir() {
        return dir;
    }

    Path regionDir(String region) {
        return dir.resolve(region);
    }

    List<String> regions() {
        return nodes.stream().map(Node::region).toList();
    }

    List<Node> nodes() {
        return List.copyOf(nodes);
    }

    Node node(String region) {
        return nodes.stream()
                .filter(n -> n.region().equals(region))
                .findFirst()
                .orElseThrow(() -> new CliException("no region " + region + " in the cluster"));
    }

    void pid(String region, long pid) {
        nodes.replaceAll(n -> n.region().equals(region) ? n.withPid(pid) : n);
        write();
    }

    void clearPids() {
        nodes.replaceAll(n -> n.withPid(0));
        write();
    }

    private void write() {
        ObjectNode root = ClusterCommand.JSON.createObjectNode();
        root.put("controlRegion", nodes.get(0).region());
        ArrayNode regions = root.putArray("regions");
        for (Node n : nodes) {
            ObjectNode entry = regions.addObject();
            entry.put("region", n.region());
            entry.put("dir", regionDir(n.region()).toString());
            entry.put("adminPort", n.admin());
            entry.put("publicPort", n.pub());
            entry.put("mqttPort", n.mqtt());
            entry.put("linkPort", n.link());
            entry.put("pid", n.pid());
        }
        try {
            SecureFiles.writePublic(
                    dir.resolve("cluster.json"),
                    ClusterCommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new CliException("cannot write " + dir.resolve("cluster.json") + ": " + e.getMessage());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
