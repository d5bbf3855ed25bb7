package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code warden manufacturer-ca ...}: CAs of device makers, for just-in-time provisioning. */
@Command(
        name = "manufacturer-ca",
        description = "Device makers' CAs for just-in-time provisioning (JITP).",
        subcommands = {
            ManufacturerCaCommand.Register.class,
            ManufacturerCaCommand.ListCas.class,
            ManufacturerCaCommand.Deactivate.class
        })
final class ManufacturerCaCommand {
    @ParentCommand
    WardenCommand parent;

    @Command(name = "register", description = "Register a manufacturer CA with a template.")
    static final class Register implements Callable<Integer> {
        @ParentCommand
        ManufacturerCaCommand mca;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--ca-cert",
                required = true,
                paramLabel = "FILE",
                description = "The manufacturer CA certificate (PEM).")
        Path cert;

        @Option(names = "--template", required = true)
        String template;

        @Override
        public Integer call() {
            JsonNode ca = AdminClient.admin(mca.parent.options)
                    .post("/manufacturer-cas", Map.of("certificatePem", AdminClient.read(cert), "template", template));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Registered %s (%s) for template %s%n",
                            ca.path("subject").asText(), ca.path("fingerprint").asText(), template);
            return 0;
        }
    }

    @Command(name = "list", description = "List manufacturer CAs.")
    static final class ListCas implements Callable<Integer> {
        @ParentCommand
        ManufacturerCaCommand mca;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Option(names = "--json", description = "Print the API's JSON answer.")
        boolean json;

        @Override
        public Integer call() {
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    AdminClient.admin(mca.parent.options).get("/manufacturer-cas"),
                    "manufacturerCas",
                    "subject",
                    "template",
                    "status",
                    "fingerprint");
            return 0;
        }
    }

    @Command(
            name = "deactivate",
            description = "Deactivate a manufacturer CA: it registers no more devices; those it registered stay.")
    static final class Deactivate implements Callable<Integer> {
        @ParentCommand
        ManufacturerCaCommand mca;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Parameters(index = "0", paramLabel = "FINGERPRINT", description = "SHA-256, hex.")
        String fingerprint;

        @Override
        public Integer call() {
            JsonNode answer = AdminClient.admin(mca.parent.options)
                    .post("/manufacturer-cas/" + Paths.segment(fingerprint) + "/deactivate", Map.of());
            spec.commandLine()
                    .getOut()
                    .printf(
                            answer.path("changed").asBoolean()
                                    ? "Deactivated manufacturer CA %s%n"
                                    : "Manufacturer CA %s was inactive already%n",
                            fingerprint);
            return 0;
        }
    }
}
