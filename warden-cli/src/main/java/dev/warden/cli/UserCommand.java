package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code warden user ...}: people, their passwords, their MFA devices and their console certificates. */
@Command(
        name = "user",
        description = "Users (people): passwords, MFA, console certificates.",
        subcommands = {
            UserCommand.Create.class,
            UserCommand.ListUsers.class,
            UserCommand.MfaEnroll.class,
            UserCommand.MfaConfirm.class,
            UserCommand.Login.class,
            UserCertificateCommands.Cert.class,
            UserCertificateCommands.Certs.class,
            UserCertificateCommands.RevokeCert.class
        })
final class UserCommand {
    @ParentCommand
    WardenCommand parent;

    /** A password from a file (first line) or, without one, from the terminal or standard input; never an argument. */
    static String password(Path file) {
        try {
            if (file != null) {
                return Files.readAllLines(file, StandardCharsets.UTF_8).get(0);
            }
            if (System.console() != null) {
                return new String(System.console().readPassword("Password: "));
            }
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new CliException("cannot read the password" + (file == null ? "" : " from " + file));
        }
    }

    @Command(name = "create", description = "Create a user (password from --password-file or standard input).")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        UserCommand user;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--password-file", paramLabel = "FILE")
        Path passwordFile;

        @Override
        public Integer call() {
            AdminClient.admin(user.parent.options)
                    .post("/users", Map.of("name", name, "password", password(passwordFile)));
            spec.commandLine()
                    .getOut()
                    .printf("Created user %s (attach policies with warden policy attach NAME --user %s)%n", name, name);
            return 0;
        }
    }

    @Command(name = "list", description = "List users.")
    static final class ListUsers implements Callable<Integer> {
        @ParentCommand
        UserCommand user;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Option(names = "--json", description = "Print the API's JSON answer.")
        boolean json;

        @Override
        public Integer call() {
            var users = AdminClient.admin(user.parent.options).get("/users");
            if (json) {
                Output.json(spec.commandLine().getOut(), users);
                return 0;
            }
            users.path("users").forEach(n -> spec.commandLine().getOut().println(n.asText()));
            return 0;
        }
    }

    @Command(
            name = "mfa-enroll",
            description = "Start TOTP enrollment: prints the otpauth:// URI (for a QR code), the"
                    + " secret and ten single-use recovery codes, once.")
    static final class MfaEnroll implements Callable<Integer> {
        @ParentCommand
        UserCommand user;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode enrollment =
                    AdminClient.admin(user.parent.options).post("/users/" + Paths.segment(name) + "/mfa", Map.of());
            if (json) {
                Output.json(spec.commandLine().getOut(), enrollment);
            } else {
                var out = spec.commandLine().getOut();
                out.println("Add this to your authenticator app (or render it as a QR code):");
                out.println("  " + enrollment.path("otpauthUri").asText());
                out.println("Recovery codes (each works once; keep them offline):");
                enrollment.path("recoveryCodes").forEach(c -> out.println("  " + c.asText()));
                out.printf("Then confirm with: warden user mfa-confirm %s --code <6 digits>%n", name);
            }
            return 0;
        }
    }

    @Command(name = "mfa-confirm", description = "Turn MFA on with a code from the newly enrolled authenticator.")
    static final class MfaConfirm implements Callable<Integer> {
        @ParentCommand
        UserCommand user;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--code", required = true)
        String code;

        @Override
        public Integer call() {
            AdminClient.admin(user.parent.options)
                    .post("/users/" + Paths.segment(name) + "/mfa/confirm", Map.of("code", code));
            spec.commandLine().getOut().printf("MFA enabled for %s%n", name);
            return 0;
        }
    }

    @Command(name = "login", description = "Same as warden login NAME: prints a short-lived access token.")
    static final class Login implements Callable<Integer> {
        @ParentCommand
        UserCommand user;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--password-file", paramLabel = "FILE")
        Path passwordFile;

        @Option(names = "--code", description = "TOTP code (or a recovery code) when MFA is enabled.")
        String code;

        @Override
        public Integer call() {
            spec.commandLine()
                    .getOut()
                    .println(login(user.parent.options, name, passwordFile, code)
                            .path("accessToken")
                            .asText());
            return 0;
        }
    }

    /** POST /auth/login: the password from a file or the terminal, the MFA code when given. */
    static JsonNode login(NodeOptions options, String name, Path passwordFile, String code) {
        return AdminClient.device(options, null, null, null)
                .post("/auth/login", loginBody(name, password(passwordFile), code));
    }

    private static Map<String, Object> loginBody(String name, String password, String code) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", name);
        body.put("password", password);
        if (code != null) {
            body.put("code", code);
        }
        return body;
    }
}
