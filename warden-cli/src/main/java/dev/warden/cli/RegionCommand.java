package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.warden.node.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden region ...}: this node's deployment of regions. The control region makes one-time join tokens; a
 * region joins with one and from then on applies the control region's IAM changes; a member can leave again.
 */
@Command(
        name = "region",
        description =
                "Regions: join tokens, joining and leaving a deployment, its members, IAM replication, jurisdictions,"
                        + " standbys, failover and failback.",
        subcommands = {
            RegionCommand.Token.class,
            RegionCommand.Join.class,
            RegionCommand.ListRegions.class,
            RegionCommand.Status.class,
            RegionCommand.Leave.class,
            RegionJurisdictionCommand.class,
            RegionAuditRegionCommand.class,
            RegionTrustBundleCommand.class,
            RegionFailoverCommands.Standby.class,
            RegionFailoverCommands.Declare.class,
            RegionFailoverCommands.Failback.class,
            RegionFailoverCommands.RevokeGuest.class,
            RegionFailoverCommands.ListFailovers.class
        })
final class RegionCommand {
    @ParentCommand
    WardenCommand parent;

    AdminClient admin() {
        return AdminClient.admin(parent.options);
    }

    /** True when the node is in a deployment (as its control region or a member). */
    static boolean inDeployment(JsonNode view) {
        return view.hasNonNull("deployment");
    }

    static String linksWord(JsonNode view) {
        return view.path("links").asBoolean() ? "on" : "off";
    }

    @Command(
            name = "token",
            description = "Make a one-time join token for REGION in the control region (region:CreateJoinToken);"
                    + " prints only the token. It is a secret: pass it to the joining region's operator over a safe"
                    + " channel.")
    static final class Token implements Callable<Integer> {
        @ParentCommand
        RegionCommand region;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "REGION", description = "The region that will join with the token.")
        String name;

        @Option(
                names = "--ttl",
                paramLabel = "DURATION",
                defaultValue = "1h",
                description = "How long the token is valid: 30m, 1h, 2d; at most 7d (default: ${DEFAULT-VALUE}).")
        String ttl;

        @Option(names = "--json", description = "Print the API's JSON answer (the token included).")
        boolean json;

        @Override
        public Integer call() {
            Duration d;
            try {
                d = ConfigLoader.parseDuration(ttl);
            } catch (IllegalArgumentException e) {
                throw new CliException("--ttl: " + e.getMessage());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("region", name);
            // The node bounds it to 7 days; clamping only keeps an absurd value from overflowing the int it reads.
            body.put("ttlSeconds", Math.min(Integer.MAX_VALUE, Math.max(1, d.toSeconds())));
            JsonNode t = region.admin().post("/regions/tokens", body);
            if (json) {
                Output.json(spec.commandLine().getOut(), t);
                return 0;
            }
            // Standard output holds the token alone, for TOKEN=$(warden region token R); the reminder goes to stderr.
            spec.commandLine()
                    .getErr()
                    .printf(
                            "join token for region %s, valid %d s, one use: a secret, pass it over a safe channel%n",
                            t.path("region").asText(),
                            t.path("expiresInSeconds").asLong());
            spec.commandLine().getOut().println(t.path("token").asText());
            return 0;
        }
    }

    @Command(
            name = "join",
            description = "Join the deployment whose control region made the token; this region then applies the"
                    + " control region's IAM changes (region:JoinDeployment).")
    static final class Join implements Callable<Integer> {
        @ParentCommand
        RegionCommand region;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--token",
                required = true,
                paramLabel = "TOKEN",
                description = "The join token from the control region; - reads it from standard input (out of the"
                        + " process list and shell history).")
        String token;

        @Option(
                names = "--control",
                paramLabel = "URL",
                description = "Reach the control region's link at this https:// URL instead of the token's (a proxy,"
                        + " another network path); its identity is checked the same.")
        String control;

        @Option(names = "--json", description = "Print this node's region view as JSON (as region status --json).")
        boolean json;

        @Override
        public Integer call() throws IOException {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("token", "-".equals(token) ? standardInput() : token);
            if (control != null) {
                body.put("control", control);
            }
            JsonNode view = region.admin().post("/regions/join", body);
            if (json) {
                Output.json(spec.commandLine().getOut(), view);
                return 0;
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Joined deployment %s: control region %s, this region %s applies its IAM changes%n",
                            view.path("deployment").asText(),
                            view.path("controlRegion").asText(),
                            view.path("region").asText());
            return 0;
        }

        private static String standardInput() throws IOException {
            String text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).trim();
            if (text.isEmpty()) {
                throw new CliException("--token -: nothing on standard input");
            }
            return text;
        }
    }

    @Command(name = "list", description = "The deployment's member regions (region:ListRegions).")
    static final class ListRegions implements Callable<Integer> {
        @ParentCommand
        RegionCommand region;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print this node's region view as JSON (members included).")
        boolean json;

        @Override
        public Integer call() {
            JsonNode view = region.admin().get("/regions");
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, view);
                return 0;
            }
            if (!inDeployment(view)) {
                out.printf(
                        "%s: not in a deployment (region links %s)%n",
                        view.path("region").asText(), linksWord(view));
                return 0;
            }
            // The column headers are the fields' names: short ones here, not the API's linkUrl and joinedAt.
            ArrayNode rows = JsonNodeFactory.instance.arrayNode();
            for (JsonNode m : view.path("members")) {
                rows.addObject()
                        .put("region", m.path("region").asText())
                        .put("node", m.path("node").asText())
                        .put("status", m.path("status").asText())
                        .put(
                                "standby",
                                m.hasNonNull("standby") ? m.path("standby").asText() : "-")
                        .put("link", m.path("linkUrl").asText())
                        .put("joined", m.path("joinedAt").asText());
            }
            Output.table(out, rows, "region", "node", "status", "standby", "link", "joined");
            return 0;
        }
    }

    @Command(
            name = "status",
            description = "This region's role, deployment, control and audit regions, link URL, and IAM replication"
                    + " (region:ListRegions).")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        RegionCommand region;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print this node's region view as JSON.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode view = region.admin().get("/regions");
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, view);
                return 0;
            }
            line(out, "region", view.path("region").asText());
            line(out, "role", view.path("role").asText());
            line(out, "region links", linksWord(view));
            if (!view.path("links").asBoolean()) {
                return 0;
            }
            line(out, "node", view.path("node").asText());
            line(out, "link URL", view.path("linkUrl").asText());
            line(out, "deployment", text(view.path("deployment")));
            line(out, "control region", text(view.path("controlRegion")));
            line(out, "audit region", text(view.path("auditRegion")));
            printIam(out, view.path("iam"));
            printAuditShipping(out, view.path("audit").path("shipping"));
            printFailoversAndChains(out, view);
            return 0;
        }

        /** A member region's IAM replication: how far it has applied the control region's changes. */
        private static void printIam(PrintWriter out, JsonNode iam) {
            if (iam.has("lastSeq")) {
                line(out, "IAM last seq", iam.path("lastSeq").asText());
            }
            if (iam.has("appliedSeq")) {
                line(out, "IAM applied seq", iam.path("appliedSeq").asText());
                line(out, "IAM control seq", iam.path("controlSeq").asText());
                line(out, "IAM behind", iam.path("behind").asText());
                line(out, "connected", iam.path("connected").asBoolean() ? "yes" : "no");
                line(
                        out,
                        "staleness",
                        String.format(
                                java.util.Locale.ROOT,
                                "%.1f s",
                                iam.path("stalenessSeconds").asDouble()));
                line(
                        out,
                        "last contact",
                        iam.hasNonNull("lastContact") ? iam.path("lastContact").asText() : "never");
                line(out, "last error", text(iam.path("lastError")));
            }
        }

        private static void printAuditShipping(PrintWriter out, JsonNode shipping) {
            if (!shipping.isMissingNode()) {
                line(
                        out,
                        "audit shipped",
                        shipping.path("shippedSeq").asText() + " of "
                                + shipping.path("localSeq").asText() + " events to "
                                + shipping.path("auditRegion").asText()
                                + ", lag "
                                + String.format(
                                        java.util.Locale.ROOT,
                                        "%.1f s",
                                        shipping.path("lagSeconds").asDouble())
                                + (shipping.path("connected").asBoolean() ? "" : ", not connected"));
            }
        }

        /** The regions this one stands by for, and the audit chains it keeps for other regions. */
        private static void printFailoversAndChains(PrintWriter out, JsonNode view) {
            for (JsonNode f : view.path("failovers")) {
                line(
                        out,
                        "standby of",
                        f.path("region").asText() + ": " + f.path("state").asText() + ", replica of "
                                + f.path("replicaDevices").asText() + " devices, "
                                + f.path("guestsConnected").asText() + " connected here");
            }
            for (JsonNode chain : view.path("audit").path("received")) {
                line(
                        out,
                        "audit kept",
                        chain.path("region").asText() + ": up to event "
                                + chain.path("lastSeq").asText()
                                + (chain.hasNonNull("lastRefusal")
                                        ? ", last refusal "
                                                + chain.path("lastRefusal").asText()
                                        : ""));
            }
        }

        private static void line(PrintWriter out, String label, String value) {
            out.printf("%-16s %s%n", label, value);
        }

        private static String text(JsonNode value) {
            return value.isMissingNode() || value.isNull() ? "-" : value.asText();
        }
    }

    @Command(
            name = "leave",
            description = "Leave the deployment (a member region only): this region has IAM of its own again"
                    + " (region:LeaveDeployment).")
    static final class Leave implements Callable<Integer> {
        @ParentCommand
        RegionCommand region;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print this node's region view as JSON.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode view = region.admin().post("/regions/leave", Map.of());
            if (json) {
                Output.json(spec.commandLine().getOut(), view);
                return 0;
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Left the deployment; %s is a region on its own again%n",
                            view.path("region").asText());
            return 0;
        }
    }
}
