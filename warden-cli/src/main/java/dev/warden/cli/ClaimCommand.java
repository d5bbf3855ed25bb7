package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.KeyPair;
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

/** {@code warden claim ...}: provisioning claims. */
@Command(
        name = "claim",
        description = "Provisioning claims: claim certificates and enrollment tokens.",
        subcommands = {ClaimCommand.Create.class, ClaimCommand.ListClaims.class, ClaimCommand.Deactivate.class})
final class ClaimCommand {
    @ParentCommand
    WardenCommand parent;

    @Command(
            name = "create",
            description =
                    "Create a claim bound to a template: a claim certificate (--out) or an enrollment token (--token).")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        ClaimCommand claim;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--template", required = true)
        String template;

        @Option(
                names = "--out",
                paramLabel = "DIR",
                description = "Write the claim certificate's NAME.key / NAME.crt / ca-chain.pem here.")
        Path out;

        @Option(
                names = "--token",
                description = "Create an enrollment token instead of a claim certificate (printed once).")
        boolean token;

        @Option(names = "--max-uses", description = "Registrations allowed (default: unlimited; 1 = single-use).")
        Integer maxUses;

        @Option(names = "--expires-in", description = "Lifetime, e.g. PT24H or 24h (default: none).")
        String expiresIn;

        @Override
        public Integer call() {
            if (token == (out != null)) {
                throw new CliException("give either --out DIR (claim certificate) or --token");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("template", template);
            body.put("kind", token ? "token" : "certificate");
            body.put("maxUses", maxUses);
            if (expiresIn != null) {
                body.put("expiresInSeconds", parseDuration(expiresIn).toSeconds());
            }
            KeyPair key = null;
            if (!token) {
                key = DeviceFiles.newKey();
                body.put("csr", DeviceFiles.csrPem(key, name));
            }
            JsonNode created = AdminClient.admin(claim.parent.options).post("/claims", body);
            var o = spec.commandLine().getOut();
            if (token) {
                o.println(created.path("token").asText());
            } else {
                Path cert = DeviceFiles.write(out, name, key, created.path("certificate"));
                o.printf("Claim %s created for template %s: claim certificate %s%n", name, template, cert);
            }
            return 0;
        }

        static Duration parseDuration(String text) {
            String t = text.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                if (t.startsWith("p")) {
                    return Duration.parse(text.trim().toUpperCase(java.util.Locale.ROOT));
                }
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw new NumberFormatException();
                };
            } catch (RuntimeException e) {
                throw new CliException(
                        "cannot read duration '" + text + "' (use 30s, 15m, 24h, 7d or ISO-8601 like PT24H)");
            }
        }
    }

    @Command(name = "list", description = "List claims.")
    static final class ListClaims implements Callable<Integer> {
        @ParentCommand
        ClaimCommand claim;

        @Spec
        CommandSpec spec;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode list = AdminClient.admin(claim.parent.options).get("/claims");
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    list,
                    "claims",
                    "name",
                    "kind",
                    "template",
                    "status",
                    "uses",
                    "maxUses",
                    "expiresAt");
            return 0;
        }
    }

    @Command(
            name = "deactivate",
            description = "Stop new registrations through a claim (provisioned devices keep working).")
    static final class Deactivate implements Callable<Integer> {
        @ParentCommand
        ClaimCommand claim;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            AdminClient.admin(claim.parent.options).post("/claims/" + Paths.segment(name) + "/deactivate", Map.of());
            spec.commandLine().getOut().printf("Claim %s deactivated%n", name);
            return 0;
        }
    }
}
