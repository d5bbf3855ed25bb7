package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden region standby|failover|failback|failovers}: failover within a jurisdiction. The control region names
 * each region's standby; the standby replicates the region's device status while it is up, serves its devices when an
 * operator declares it failed over (in the standby), and sends them home with their data at failback.
 */
final class RegionFailoverCommands {
    private RegionFailoverCommands() {}

    static void printFailover(PrintWriter out, JsonNode f) {
        out.printf(
                "%-16s %-13s standby %s, replica %s devices (synced %s), %s connected here%n",
                f.path("region").asText(),
                f.path("state").asText(),
                f.path("standby").asText(),
                f.path("replicaDevices").asText(),
                f.hasNonNull("replicaSyncedAt") ? f.path("replicaSyncedAt").asText() : "never",
                f.path("guestsConnected").asText());
    }

    @Command(
            name = "standby",
            description = "Name the region that serves REGION's devices when REGION fails (region:SetStandby, control"
                    + " region only); both must be in one jurisdiction. --none removes it.")
    static final class Standby implements Callable<Integer> {
        @ParentCommand
        RegionCommand region;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "REGION")
        String name;

        @Option(names = "--to", paramLabel = "STANDBY", description = "The standby region.")
        String to;

        @Option(names = "--none", description = "Name no standby.")
        boolean none;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            if ((to == null) == !none) {
                throw new CliException("give --to STANDBY or --none");
            }
            Map<String, Object> body = new HashMap<>();
            body.put("standby", none ? null : to);
            JsonNode member = region.admin().put("/regions/" + Paths.segment(name) + "/standby", body);
            if (json) {
                Output.json(spec.commandLine().getOut(), member);
                return 0;
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s: standby %s%n",
                            member.path("region").asText(),
                            member.hasNonNull("standby")
                                    ? member.path("standby").asText()
                                    : "none");
            return 0;
        }
    }

    @Command(
            name = "failover",
            description = "Declare REGION failed over to this region, its standby (region:Failover): from now on its"
                    + " devices connect here with their own certificates, checked against the replica of REGION's"
                    + " certificate status; their data is kept apart until failback. Run it in the standby.")
    static final class Declare implements Callable<Integer> {
        @ParentCommand
        RegionCommand region;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "REGION", description = "The failed region.")
        String name;

        @Option(
                names = "--to",
                paramLabel = "STANDBY",
                description = "The standby (this region): a check that the command reaches the node meant.")
        String to;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Map<String, Object> body = new HashMap<>();
            if (to != null) {
                body.put("to", to);
            }
            JsonNode f = region.admin().post("/regions/" + Paths.segment(name) + "/failover", body);
            if (json) {
                Output.json(spec.commandLine().getOut(), f);
                return 0;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "%s is failed over to %s: its devices are served here, decided from the replica of %s device"
                            + " certificates taken %s%n",
                    f.path("region").asText(),
                    f.path("standby").asText(),
                    f.path("replicaDevices").asText(),
                    f.path("replicaSyncedAt").asText());
            return 0;
        }
    }

    @Command(
            name = "failback",
            description = "End REGION's failover to this region (region:Failback): REGION must answer on its link;"
                    + " its devices connected here are sent home (MQTT 5: Use Another Server) and the data kept for"
                    + " them is handed back over the link, then deleted here. Run it again if it is cut short.")
    static final class Failback implements Callable<Integer> {
        @ParentCommand
        RegionCommand region;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "REGION")
        String name;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode f = region.admin().post("/regions/" + Paths.segment(name) + "/failback", Map.of());
            if (json) {
                Output.json(spec.commandLine().getOut(), f);
                return 0;
            }
            JsonNode back = f.path("handedBack");
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s is home again: revocations made here taken by it: %s; connected devices sent home:"
                                    + " %s; messages handed back: %s (of %s devices)%n",
                            f.path("region").asText(),
                            f.path("revocationsHandedOver").asText(),
                            f.path("sentHome").asText(),
                            back.path("messages").asText(),
                            back.path("things").asText());
            return 0;
        }
    }

    @Command(
            name = "revoke-guest",
            description = "Revoke a device certificate of REGION while it is failed over to this region and cannot"
                    + " revoke it itself (region:RevokeGuestCertificate): refused here at once, its connection cut;"
                    + " REGION revokes it too at failback, before any device goes home. Run it in the standby.")
    static final class RevokeGuest implements Callable<Integer> {
        @ParentCommand
        RegionCommand region;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "REGION")
        String name;

        @Parameters(index = "1", paramLabel = "SERIAL", description = "The certificate's serial in hex.")
        String serial;

        @Option(names = "--reason", description = "RFC 5280 reason, e.g. keyCompromise (default unspecified).")
        String reason;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("serial", serial);
            if (reason != null) {
                body.put("reason", reason);
            }
            JsonNode r = region.admin().post("/regions/" + Paths.segment(name) + "/failover/revoke", body);
            if (json) {
                Output.json(spec.commandLine().getOut(), r);
                return 0;
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Revoked %s (%s of %s, %s) here; connections cut: %s; %s takes it at failback.%n",
                            r.path("serial").asText(),
                            r.path("thing").asText(),
                            r.path("region").asText(),
                            r.path("reason").asText(),
                            r.path("disconnected").asText(),
                            r.path("region").asText());
            return 0;
        }
    }

    @Command(
            name = "failovers",
            description = "The regions this region is the standby of: replica, failover state, devices served here"
                    + " (region:ListRegions).")
    static final class ListFailovers implements Callable<Integer> {
        @ParentCommand
        RegionCommand region;

        @Spec
        CommandSpec spec;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode reply = region.admin().get("/regions/failovers");
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, reply);
                return 0;
            }
            if (reply.path("failovers").isEmpty()) {
                out.println("This region is no region's standby.");
            }
            reply.path("failovers").forEach(f -> printFailover(out, f));
            return 0;
        }
    }
}
