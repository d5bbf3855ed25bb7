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

/** {@code warden service-account ...}: applications, their API keys and their client certificates. */
@Command(
        name = "service-account",
        description = "Service accounts (applications), their API keys and client certificates.",
        subcommands = {
            ServiceAccountCommand.Create.class,
            ServiceAccountCommand.CreateKey.class,
            ServiceAccountCommand.RevokeKey.class,
            ServiceAccountCommand.Cert.class,
            ServiceAccountCommand.Certs.class,
            ServiceAccountCommand.RevokeCert.class
        })
final class ServiceAccountCommand {
    @ParentCommand
    WardenCommand parent;

    @Command(name = "create", description = "Create a service account.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        ServiceAccountCommand sa;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            AdminClient.admin(sa.parent.options).post("/service-accounts", Map.of("name", name));
            spec.commandLine().getOut().printf("Created service account %s%n", name);
            return 0;
        }
    }

    @Command(name = "create-key", description = "Create an API key; prints it once (only its hash is stored).")
    static final class CreateKey implements Callable<Integer> {
        @ParentCommand
        ServiceAccountCommand sa;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--expires-in-days", defaultValue = "90")
        int days;

        @Override
        public Integer call() {
            JsonNode key = AdminClient.admin(sa.parent.options)
                    .post("/service-accounts/" + Paths.segment(name) + "/keys", Map.of("expiresInDays", days));
            spec.commandLine()
                    .getErr()
                    .printf(
                            "key %s expires %s%n",
                            key.path("id").asText(), key.path("expiresAt").asText());
            spec.commandLine().getOut().println(key.path("key").asText());
            return 0;
        }
    }

    @Command(name = "revoke-key", description = "Revoke an API key at once.")
    static final class RevokeKey implements Callable<Integer> {
        @ParentCommand
        ServiceAccountCommand sa;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "KEY_ID")
        String id;

        @Override
        public Integer call() {
            AdminClient.admin(sa.parent.options)
                    .delete("/service-accounts/" + Paths.segment(name) + "/keys/" + Paths.segment(id));
            spec.commandLine().getOut().printf("Revoked key %s of %s%n", id, name);
            return 0;
        }
    }

    @Command(
            name = "cert",
            description = "Get a client certificate: the key is generated here and only a CSR is sent. "
                    + "Writes DIR/NAME.key (0600), DIR/NAME.crt and DIR/ca-chain.pem; use them with --cert/--key.")
    static final class Cert implements Callable<Integer> {
        @ParentCommand
        ServiceAccountCommand sa;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--out", required = true, paramLabel = "DIR")
        java.nio.file.Path out;

        @Override
        public Integer call() {
            java.security.KeyPair key = DeviceFiles.newKey();
            JsonNode issued = AdminClient.admin(sa.parent.options)
                    .post(
                            "/service-accounts/" + Paths.segment(name) + "/certificates",
                            Map.of("csr", DeviceFiles.csrPem(key, name)));
            java.nio.file.Path crt = DeviceFiles.write(out, name, key, issued);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Wrote %s (serial %s, expires %s) and its key %s%n",
                            crt,
                            issued.path("serial").asText(),
                            issued.path("notAfter").asText(),
                            out.resolve(name + ".key"));
            return 0;
        }
    }

    @Command(name = "certs", description = "List a service account's client certificates.")
    static final class Certs implements Callable<Integer> {
        @ParentCommand
        ServiceAccountCommand sa;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @picocli.CommandLine.Option(names = "--json", description = "Print the API's JSON answer.")
        boolean json;

        @Override
        public Integer call() {
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    AdminClient.admin(sa.parent.options)
                            .get("/service-accounts/" + Paths.segment(name) + "/certificates"),
                    "certificates",
                    "serial",
                    "status",
                    "notAfter",
                    "fingerprint");
            return 0;
        }
    }

    @Command(name = "revoke-cert", description = "Revoke a client certificate: refused from the next request on.")
    static final class RevokeCert implements Callable<Integer> {
        @ParentCommand
        ServiceAccountCommand sa;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "SERIAL")
        String serial;

        @Option(names = "--reason", description = "RFC 5280 reason, e.g. keyCompromise (default unspecified).")
        String reason;

        @Override
        public Integer call() {
            AdminClient.admin(sa.parent.options)
                    .post(
                            "/service-accounts/" + Paths.segment(name) + "/certificates/" + Paths.segment(serial)
                                    + "/revoke",
                            reason == null ? Map.of() : Map.of("reason", reason));
            spec.commandLine().getOut().printf("Revoked certificate %s of %s%n", serial, name);
            return 0;
        }
    }
}
