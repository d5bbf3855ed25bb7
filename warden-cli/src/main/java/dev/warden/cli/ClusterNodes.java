package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Brings a cluster's nodes up (those not running), joins the members to the control region, and reads their views. */
final class ClusterNodes {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ClusterFiles files;
    private final PrintWriter err;

    ClusterNodes(ClusterFiles files, PrintWriter err) {
        this.files = files;
        this.err = err;
    }

    /** Starts every region's node that does not run, then waits until each answers its health check. */
    void startAll(long deadline) throws Exception {
        for (ClusterFiles.Node node : files.nodes()) {
            if (ClusterProcesses.running(files, node).isEmpty()) {
                err.printf(
                        "warden: starting %s (log: %s)%n",
                        node.region(), files.regionDir(node.region()).resolve("server.log"));
                files.pid(node.region(), ClusterProcesses.start(files, node));
            }
        }
        for (ClusterFiles.Node node : files.nodes()) {
            awaitHealthy(files.node(node.region()), deadline);
        }
    }

    /** Starts one region's node unless it runs, then waits until it answers its health check. */
    void start(String region, long deadline) throws Exception {
        ClusterFiles.Node node = files.node(region);
        if (ClusterProcesses.running(files, node).isEmpty()) {
            err.printf(
                    "warden: starting %s (log: %s)%n",
                    region, files.regionDir(region).resolve("server.log"));
            files.pid(region, ClusterProcesses.start(files, node));
        }
        awaitHealthy(files.node(region), deadline);
    }

    /** Joins every member that is not yet in the control region's deployment, then waits until each applies its IAM. */
    void joinAll(long deadline) throws InterruptedException {
        String control = files.regions().get(0);
        for (String region : files.regions().subList(1, files.regions().size())) {
            JsonNode view = ClusterCommand.view(files.regionDir(region));
            if (view != null
                    && "MEMBER".equals(view.path("role").asText())
                    && control.equals(view.path("controlRegion").asText())) {
                continue;
            }
            String token = client(control)
                    .post("/regions/tokens", Map.of("region", region, "ttlSeconds", 600))
                    .path("token")
                    .asText();
            client(region).post("/regions/join", Map.of("token", token));
            err.printf("warden: %s joined %s%n", region, control);
        }
        for (String region : files.regions().subList(1, files.regions().size())) {
            while (true) {
                JsonNode iam = ClusterCommand.view(files.regionDir(region)).path("iam");
                if (iam.path("connected").asBoolean() && iam.path("behind").asLong() == 0) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new CliException(region + " joined but does not apply the control region's IAM: "
                            + iam.path("lastError").asText("no answer"));
                }
                Thread.sleep(200);
            }
        }
    }

    /** Each running region's answer to GET /regions. */
    Map<String, JsonNode> views() {
        Map<String, JsonNode> views = new LinkedHashMap<>();
        for (String region : files.regions()) {
            JsonNode view = ClusterCommand.view(files.regionDir(region));
            if (view != null) {
                views.put(region, view);
            }
        }
        return views;
    }

    private AdminClient client(String region) {
        NodeOptions options = new NodeOptions();
        options.data = files.regionDir(region).toString();
        return AdminClient.admin(options);
    }

    private void awaitHealthy(ClusterFiles.Node node, long deadline) throws Exception {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.pub() + "/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (true) {
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            if (ClusterProcesses.running(files, node).isEmpty()) {
                throw new CliException("the node of " + node.region() + " stopped while starting:\n"
                        + ClusterProcesses.logTail(files, node.region()));
            }
            if (System.nanoTime() > deadline) {
                throw new CliException("the node of " + node.region() + " is not ready in time:\n"
                        + ClusterProcesses.logTail(files, node.region()));
            }
            Thread.sleep(250);
        }
    }
}
