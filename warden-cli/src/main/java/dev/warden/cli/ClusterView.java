package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;

/** The cluster as a table: each region, whether it runs, its role and endpoints, and how current its IAM is. */
final class ClusterView {
    private ClusterView() {}

    static void print(PrintWriter out, ClusterFiles files, Map<String, JsonNode> views) {
        out.printf("%-16s %-8s %-8s %-24s %-24s %s%n", "REGION", "STATE", "ROLE", "ADMIN", "MQTT", "IAM");
        for (ClusterFiles.Node node : files.nodes()) {
            JsonNode view = views.get(node.region());
            String role = view == null ? "-" : view.path("role").asText();
            out.printf(
                    "%-16s %-8s %-8s %-24s %-24s %s%n",
                    node.region(),
                    view == null ? "stopped" : "running",
                    role,
                    "https://localhost:" + node.admin(),
                    "mqtts://localhost:" + node.mqtt(),
                    view == null ? "-" : iam(view.path("iam")));
        }
    }

    private static String iam(JsonNode iam) {
        if (iam.has("appliedSeq")) {
            return "applied " + iam.path("appliedSeq").asLong() + "/"
                    + iam.path("controlSeq").asLong()
                    + (iam.path("connected").asBoolean()
                            ? ""
                            : ", link down, stale "
                                    + iam.path("stalenessSeconds").asDouble() + " s");
        }
        return iam.has("lastSeq") ? "change log at " + iam.path("lastSeq").asLong() : "-";
    }
}
