package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden login NAME}: password (and a TOTP or recovery code when MFA is on) for a 15-minute access token,
 * printed alone so that {@code export WARDEN_TOKEN=$(warden login alice)} works.
 */
@Command(name = "login", description = "Log in as a user; prints a short-lived access token (use it as WARDEN_TOKEN).")
final class LoginCommand implements Callable<Integer> {
    @ParentCommand
    WardenCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--password-file", paramLabel = "FILE")
    Path passwordFile;

    @Option(names = "--code", description = "TOTP code (or a recovery code) when MFA is enabled.")
    String code;

    @Option(names = "--json", description = "Print the access token, its expiry and the refresh token as JSON.")
    boolean json;

    @Override
    public Integer call() {
        JsonNode login = UserCommand.login(parent.options, name, passwordFile, code);
        if (json) {
            Output.json(spec.commandLine().getOut(), login);
        } else {
            spec.commandLine().getOut().println(login.path("accessToken").asText());
        }
        return 0;
    }
}
