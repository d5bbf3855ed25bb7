package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code warden cert ...}: certificates by serial. */
@Command(
        name = "cert",
        description = "Certificates.",
        subcommands = {
            CertCommand.Revoke.class,
            CertCommand.Show.class,
            CertCommand.ListCerts.class,
            CertCommand.Activate.class,
            CertCommand.Deactivate.class
        })
final class CertCommand {
    @ParentCommand
    WardenCommand parent;

    @Command(name = "revoke", description = "Revoke a certificate (terminal).")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        CertCommand cert;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SERIAL")
        String serial;

        @Option(
                names = "--reason",
                defaultValue = "unspecified",
                description =
                        "unspecified, keyCompromise, cACompromise, affiliationChanged, superseded, cessationOfOperation, certificateHold, privilegeWithdrawn")
        String reason;

        @Override
        public Integer call() {
            JsonNode revoked = AdminClient.admin(cert.parent.options)
                    .post("/certificates/" + Paths.segment(serial) + "/revoke", Map.of("reason", reason));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Revoked %s (%s) at %s%n",
                            revoked.path("serial").asText(),
                            revoked.path("revocationReason").asText(),
                            revoked.path("revokedAt").asText());
            return 0;
        }
    }

    @Command(name = "show", description = "Show a certificate.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        CertCommand cert;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SERIAL")
        String serial;

        @Override
        public Integer call() {
            Output.json(
                    spec.commandLine().getOut(),
                    AdminClient.admin(cert.parent.options).get("/certificates/" + Paths.segment(serial)));
            return 0;
        }
    }

    @Command(name = "list", description = "List certificates.")
    static final class ListCerts implements Callable<Integer> {
        @ParentCommand
        CertCommand cert;

        @Spec
        CommandSpec spec;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode list = AdminClient.admin(cert.parent.options).get("/certificates?limit=1000");
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    list,
                    "certificates",
                    "serial",
                    "kind",
                    "status",
                    "thingName",
                    "notAfter");
            return 0;
        }
    }

    @Command(name = "activate", description = "Set a certificate ACTIVE (e.g. after PENDING_ACTIVATION).")
    static final class Activate implements Callable<Integer> {
        @ParentCommand
        CertCommand cert;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SERIAL")
        String serial;

        @Override
        public Integer call() {
            AdminClient.admin(cert.parent.options)
                    .post("/certificates/" + Paths.segment(serial) + "/status", Map.of("status", "ACTIVE"));
            spec.commandLine().getOut().printf("%s is ACTIVE%n", serial);
            return 0;
        }
    }

    @Command(name = "deactivate", description = "Set a certificate INACTIVE (reversible, unlike revoke).")
    static final class Deactivate implements Callable<Integer> {
        @ParentCommand
        CertCommand cert;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SERIAL")
        String serial;

        @Override
        public Integer call() {
            AdminClient.admin(cert.parent.options)
                    .post("/certificates/" + Paths.segment(serial) + "/status", Map.of("status", "INACTIVE"));
            spec.commandLine().getOut().printf("%s is INACTIVE%n", serial);
            return 0;
        }
    }
}
