package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden gateway stats}: the MQTT gateway's counters (iot:GetStatistics), drops per reason and subscriber;
 * {@code warden gateway disconnect CLIENT_ID}: ends a device's live connection (iot:DeleteConnection).
 */
@Command(
        name = "gateway",
        description = "The MQTT gateway's counters and live connections.",
        subcommands = {GatewayCommand.Stats.class, GatewayCommand.Disconnect.class})
final class GatewayCommand {
    @ParentCommand
    WardenCommand parent;

    @Command(
            name = "disconnect",
            description =
                    "End a device's live connection by its client ID (MQTT 5: DISCONNECT 0x98 Administrative"
                            + " action). Nothing is banned: to keep it out, ban it (warden firewall ban) or revoke its certificate.")
    static final class Disconnect implements Callable<Integer> {
        @ParentCommand
        GatewayCommand gateway;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Parameters(index = "0", paramLabel = "CLIENT_ID")
        String clientId;

        @Override
        public Integer call() {
            JsonNode ended =
                    AdminClient.admin(gateway.parent.options).delete("/connections/" + Paths.segment(clientId));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Disconnected %s (%d connection)%n",
                            clientId, ended.path("disconnected").asInt());
            return 0;
        }
    }

    @Command(name = "stats", description = "Refusals, bans, and messages dropped per reason and per subscriber.")
    static final class Stats implements Callable<Integer> {
        @ParentCommand
        GatewayCommand gateway;

        @Spec
        CommandSpec spec;

        @Option(names = "--json")
        boolean json;

        @Option(
                names = "--subscribers",
                defaultValue = "20",
                description = "Subscribers listed, most drops first (default 20).")
        int subscribers;

        @Override
        public Integer call() {
            JsonNode stats = AdminClient.admin(gateway.parent.options).get("/gateway/stats?subscribers=" + subscribers);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, stats);
                return 0;
            }
            out.println("connections           " + stats.path("connections").asLong());
            out.println("refused connections   "
                    + stats.path("refusedConnections").asLong() + "  " + inline(stats.path("refusedByReason")));
            out.println("bans started / active " + stats.path("bansStarted").asLong() + " / "
                    + stats.path("activeBans").asLong());
            out.println("messages dropped      " + stats.path("messagesDropped").asLong() + "  "
                    + inline(stats.path("dropsByReason")));
            out.println("slow consumers cut    "
                    + stats.path("slowConsumerDisconnects").asLong());
            out.println("publish-rate cut      "
                    + stats.path("publishRateDisconnects").asLong());
            out.println("push-back holds       " + stats.path("publisherHolds").asLong() + "  (expired "
                    + stats.path("pushBackExpiries").asLong() + ")");
            JsonNode subs = stats.path("dropsBySubscriber");
            if (subs.size() > 0) {
                out.println();
                out.println("Drops by subscriber:");
                for (JsonNode s : subs) {
                    out.println("  " + s.path("clientId").asText() + " (thing "
                            + s.path("thing").asText() + ", "
                            + (s.path("connected").asBoolean() ? "connected" : "offline") + "): "
                            + s.path("dropped").asLong() + "  " + inline(s.path("byReason")));
                }
            }
            return 0;
        }

        private static String inline(JsonNode counts) {
            StringBuilder b = new StringBuilder();
            for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().asLong() > 0) {
                    b.append(b.length() == 0 ? "(" : ", ")
                            .append(e.getKey())
                            .append(' ')
                            .append(e.getValue().asLong());
                }
            }
            return b.length() == 0 ? "" : b.append(')').toString();
        }
    }
}
