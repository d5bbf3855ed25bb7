package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.node.config.ConfigLoader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden firewall}: the MQTT gateway's bans. {@code bans} lists them (iot:ListBans), {@code ban} bans an
 * address, a client ID or a thing (iot:CreateBan; kept across restarts until it expires), {@code unban} lifts a ban,
 * automatic or not (iot:DeleteBan). Every ban, expiry and unban is in the audit trail.
 */
@Command(
        name = "firewall",
        description = "List, add and lift bans of the MQTT gateway.",
        subcommands = {FirewallCommand.ListBans.class, FirewallCommand.CreateBan.class, FirewallCommand.DeleteBan.class
        })
final class FirewallCommand {
    @ParentCommand
    WardenCommand parent;

    AdminClient admin() {
        return AdminClient.admin(parent.options);
    }

    /** Exactly one of: an IP (positional), --client-id, --thing. */
    static final class Target {
        @Parameters(index = "0", arity = "0..1", paramLabel = "IP", description = "Source address to ban.")
        String ip;

        @Option(names = "--client-id", paramLabel = "ID", description = "Ban an MQTT client ID (from any address).")
        String clientId;

        @Option(names = "--thing", paramLabel = "NAME", description = "Ban a thing (any certificate, any client ID).")
        String thing;

        String kind() {
            return ip != null ? "ip" : clientId != null ? "client-id" : "thing";
        }

        String value() {
            return ip != null ? ip : clientId != null ? clientId : thing;
        }

        void check() {
            int given = (ip == null ? 0 : 1) + (clientId == null ? 0 : 1) + (thing == null ? 0 : 1);
            if (given != 1) {
                throw new CliException("give exactly one of IP, --client-id ID, --thing NAME");
            }
        }
    }

    @Command(name = "bans", description = "List the active bans (automatic and by operators).")
    static final class ListBans implements Callable<Integer> {
        @ParentCommand
        FirewallCommand firewall;

        @Spec
        CommandSpec spec;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode list = firewall.admin().get("/gateway/bans");
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    list,
                    "bans",
                    "kind",
                    "value",
                    "remainingSeconds",
                    "manual",
                    "banCount",
                    "reason");
            return 0;
        }
    }

    @Command(name = "ban", description = "Ban a source IP, a client ID or a thing for a while.")
    static final class CreateBan implements Callable<Integer> {
        @ParentCommand
        FirewallCommand firewall;

        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Target target;

        @Option(names = "--for", required = true, paramLabel = "DURATION", description = "How long: 30s, 10m, 1h, 7d.")
        String length;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in the ban and the audit trail).")
        String reason;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            target.check();
            Duration d;
            try {
                d = ConfigLoader.parseDuration(length);
            } catch (IllegalArgumentException e) {
                throw new CliException("--for: " + e.getMessage());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("kind", target.kind());
            body.put("value", target.value());
            body.put("seconds", Math.max(1, d.toSeconds()));
            if (reason != null) {
                body.put("reason", reason);
            }
            JsonNode ban = firewall.admin().post("/gateway/bans", body);
            if (json) {
                Output.json(spec.commandLine().getOut(), ban);
            } else {
                spec.commandLine()
                        .getOut()
                        .println("Banned " + ban.path("kind").asText() + " "
                                + ban.path("value").asText() + " until "
                                + ban.path("expiresAt").asText());
            }
            return 0;
        }
    }

    @Command(name = "unban", description = "Lift a ban of a source IP, a client ID or a thing.")
    static final class DeleteBan implements Callable<Integer> {
        @ParentCommand
        FirewallCommand firewall;

        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Target target;

        @Override
        public Integer call() {
            target.check();
            firewall.admin()
                    .delete("/gateway/bans/" + Paths.segment(target.kind()) + "/" + Paths.segment(target.value()));
            spec.commandLine().getOut().println("Lifted the ban of " + target.kind() + " " + target.value());
            return 0;
        }
    }
}
