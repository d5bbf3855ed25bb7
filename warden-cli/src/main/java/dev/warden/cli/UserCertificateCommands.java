package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.storage.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden user cert|certs|revoke-cert}: a user's client certificates for signing in to the console, named as a
 * service account's are. Only the user's CSR is sent: the key stays wherever the user made it.
 */
final class UserCertificateCommands {
    private UserCertificateCommands() {}

    @Command(
            name = "cert",
            description =
                    "Issue a client certificate for signing in to the console, from the user's own CSR (the key "
                            + "never leaves the user). Writes the certificate to --out, or prints it. Valid in this region only.")
    static final class Cert implements Callable<Integer> {
        @ParentCommand
        UserCommand user;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--csr", required = true, paramLabel = "FILE", description = "The user's CSR (PEM).")
        Path csr;

        @Option(names = "--out", paramLabel = "FILE", description = "Where to write the certificate (PEM).")
        Path out;

        @Override
        public Integer call() {
            String pem;
            try {
                pem = Files.readString(csr, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliException("cannot read the CSR " + csr);
            }
            JsonNode issued = AdminClient.admin(user.parent.options)
                    .post("/users/" + Paths.segment(name) + "/certificates", Map.of("csr", pem));
            String certificate = issued.path("certificatePem").asText();
            if (out == null) {
                spec.commandLine().getOut().print(certificate);
            } else {
                SecureFiles.writePublic(out, certificate);
            }
            spec.commandLine()
                    .getErr()
                    .printf(
                            "certificate %s of user %s, expires %s%s%n",
                            issued.path("serial").asText(),
                            name,
                            issued.path("notAfter").asText(),
                            out == null ? "" : ", written to " + out);
            return 0;
        }
    }

    @Command(name = "certs", description = "List a user's client certificates.")
    static final class Certs implements Callable<Integer> {
        @ParentCommand
        UserCommand user;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json", description = "Print the API's JSON answer.")
        boolean json;

        @Override
        public Integer call() {
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    AdminClient.admin(user.parent.options).get("/users/" + Paths.segment(name) + "/certificates"),
                    "certificates",
                    "serial",
                    "status",
                    "notAfter",
                    "fingerprint");
            return 0;
        }
    }

    @Command(
            name = "revoke-cert",
            description = "Revoke a user's client certificate: console sign-ins with it are refused from then on.")
    static final class RevokeCert implements Callable<Integer> {
        @ParentCommand
        UserCommand user;

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
            AdminClient.admin(user.parent.options)
                    .post(
                            "/users/" + Paths.segment(name) + "/certificates/" + Paths.segment(serial) + "/revoke",
                            reason == null ? Map.of() : Map.of("reason", reason));
            spec.commandLine().getOut().printf("Revoked certificate %s of %s%n", serial, name);
            return 0;
        }
    }
}
