package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code warden ca show}. */
@Command(name = "ca", description = "The node's certificate authorities.", subcommands = CaCommand.Show.class)
final class CaCommand {
    @ParentCommand
    WardenCommand parent;

    @Command(name = "show", description = "Show the CA hierarchy of this region.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        CaCommand ca;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode info = AdminClient.admin(ca.parent.options).get("/ca");
            var out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, info);
                return 0;
            }
            out.printf(
                    "Region %s, account %s, keys: %s%n",
                    info.path("region").asText(),
                    info.path("account").asText(),
                    info.path("keyStorage").asText());
            for (String role : new String[] {"root", "issuing", "ocspSigner"}) {
                JsonNode ca = info.path(role);
                out.printf(
                        "  %-10s %s  (%s, until %s%s)%n",
                        role,
                        ca.path("subject").asText(),
                        ca.path("keyAlgorithm").asText(),
                        ca.path("notAfter").asText(),
                        ca.path("keyOnline").asBoolean() ? "" : ", key offline");
            }
            out.printf(
                    "  CRL  %s%n  OCSP %s%n",
                    info.path("crlUrl").asText(), info.path("ocspUrl").asText());
            return 0;
        }
    }
}
