package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI on its own, in-process and without a node: argument errors, exit codes, messages and --json output. */
class WardenCommandTest {
    /** picocli's exit code for a usage error (unknown command or option, missing parameter). */
    private static final int USAGE = 2;

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WardenCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithAOneLineReason() {
        Result result = run("frobnicate");
        assertThat(result.exitCode()).isEqualTo(USAGE);
        assertThat(firstLine(result.err())).contains("frobnicate");
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithAOneLineReason() {
        Result result = run("policy", "validate", "--no-such-option", "x.json");
        assertThat(result.exitCode()).isEqualTo(USAGE);
        assertThat(firstLine(result.err())).contains("--no-such-option");
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aMissingParameterIsAUsageError() {
        Result result = run("policy", "validate");
        assertThat(result.exitCode()).isEqualTo(USAGE);
        assertThat(firstLine(result.err())).contains("FILE");
    }

    @Test
    void versionAndHelpExitZero() {
        Result version = run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).contains("Warden");
        Result help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage:").contains("policy").contains("device");
    }

    @Test
    void aCommandThatNeedsANodeFailsWithExitOneAndAClearMessageWhenNoneRuns() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Result result = run("device", "list", "--data", empty.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .startsWith("error: ")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(result.err().lines().count()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void policyValidateAcceptsAValidPolicyOffline() throws Exception {
        Path file = write("ok.json", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Publish", "Resource": "arn:warden:iot:eu-west-1:default:topic/t"}]}
                """);
        Result result = run("policy", "validate", file.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("valid (1 statement(s))");
    }

    @Test
    void policyValidateRejectsMalformedJsonWithExitOne() throws Exception {
        Path file = write("broken.json", "{\"Version\": \"2012-10-17\", \"Statement\": [");
        Result result = run("policy", "validate", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("invalid at").doesNotContain("\tat ");
    }

    @Test
    void policyValidateRejectsAnUnknownServiceWithExitOne() throws Exception {
        Path file = write("typo.json", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iott:Publish", "Resource": "*"}]}
                """);
        Result result = run("policy", "validate", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("invalid at");
    }

    @Test
    void policyAnalyzeJsonIsJsonAndAHighFindingExitsOne() throws Exception {
        Path file = write("wide.json", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
                """);
        Result result = run("policy", "analyze", file.toString(), "--json");
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.path("findings").isArray()).isTrue();
        assertThat(json.path("findings")).isNotEmpty();
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    void policyAnalyzeJsonOfANarrowPolicyHasNoFindingsAndExitsZero() throws Exception {
        Path file = write("narrow.json", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Publish",
                   "Resource": "arn:warden:iot:eu-west-1:default:topic/things/${iot:Connection.Thing.ThingName}/telemetry"}]}
                """);
        Result result = run("policy", "analyze", file.toString(), "--json");
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.path("findings").isArray()).as(result.out()).isTrue();
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void everyCommandAndSubcommandAnswersHelpAndH() {
        List<List<String>> commands = new ArrayList<>();
        collect(WardenCommand.commandLine(new WardenCommand()), new ArrayList<>(), commands);
        assertThat(commands).hasSizeGreaterThan(100).contains(List.of("device", "enroll"), List.of("bucket", "get"));
        for (List<String> command : commands) {
            String usage = String.join(" ", command.isEmpty() ? List.of("warden") : prepend("warden", command));
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(command);
                args.add(flag);
                Result result = run(args.toArray(String[]::new));
                assertThat(result.exitCode()).as(args + ": " + result.err()).isZero();
                assertThat(result.out()).as(args.toString()).startsWith("Usage: " + usage);
            }
            if (!command.isEmpty()) {
                Result help = run(prepend("help", command).toArray(String[]::new));
                assertThat(help.exitCode())
                        .as("help " + command + ": " + help.err())
                        .isZero();
                assertThat(help.out()).as("help " + command).startsWith("Usage: " + usage);
            }
        }
    }

    @Test
    void helpOfANestedCommandShowsThatCommand() {
        Result result = run("help", "device", "enroll");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Usage: warden device enroll").contains("--out=DIR");
        Result unknown = run("help", "device", "enrol");
        assertThat(unknown.exitCode()).isEqualTo(USAGE);
        assertThat(unknown.err()).contains("'enrol'").contains("enroll");
    }

    @Test
    void aUsageErrorIsTheProblemASuggestionAndWhereTheUsageIsNotTheWholeUsage() {
        Result option = run("policy", "attach", "p", "--thng", "t");
        assertThat(option.exitCode()).isEqualTo(USAGE);
        assertThat(option.err())
                .contains("--thng")
                .contains("--thing")
                .contains("warden policy attach --help")
                .doesNotContain("Usage:");
        assertThat(option.err().lines().count()).isLessThanOrEqualTo(4);
        Result command = run("devce", "list");
        assertThat(command.exitCode()).isEqualTo(USAGE);
        assertThat(command.err()).contains("device").doesNotContain("Usage:");
        assertThat(command.err().lines().count()).isLessThanOrEqualTo(4);
    }

    @Test
    void theServerOnlyOptionsAreOnlyOnServerAndInit() {
        assertThat(run("server", "--help").out())
                .contains("--mqtt-port")
                .contains("--region")
                .contains("--data");
        assertThat(run("init", "--help").out()).contains("--hostnames").contains("--hsm");
        assertThat(run("kms", "rotate-master-key", "--help").out())
                .contains("--kms-hsm")
                .doesNotContain("--mqtt-port");
        Result enroll = run("device", "enroll", "--help");
        assertThat(enroll.out())
                .contains("--data")
                .contains("--server")
                .contains("--token-file")
                .doesNotContain("--mqtt-port")
                .doesNotContain("--audit-witness-url")
                .doesNotContain("--region");
        assertThat(enroll.out().lines().count()).isLessThan(40);
        assertThat(run("device", "list", "--mqtt-port", "1").exitCode()).isEqualTo(USAGE);
    }

    @Test
    void onlyCommandsThatRunANodeKeepItsInfoLog() {
        assertThat(WardenCommand.runsANode(
                        WardenCommand.commandLine(new WardenCommand()).parseArgs("server")))
                .isTrue();
        assertThat(WardenCommand.runsANode(
                        WardenCommand.commandLine(new WardenCommand()).parseArgs("demo")))
                .isTrue();
        assertThat(WardenCommand.runsANode(
                        WardenCommand.commandLine(new WardenCommand()).parseArgs("audit", "verify")))
                .isFalse();
        assertThat(WardenCommand.runsANode(
                        WardenCommand.commandLine(new WardenCommand()).parseArgs("policy", "list")))
                .isFalse();
    }

    @Test
    void demoRefusesRegionsItCannotRunAcross() {
        // Refused before any node starts: the demo names three different regions.
        assertThat(run("demo", "--regions", "eu-west-1,us-east-1").err()).contains("three different regions");
        assertThat(run("demo", "--regions", "eu-west-1,us-east-1,eu-west-1").err())
                .contains("three different regions");
        assertThat(run("demo", "--regions", "eu-west-1,US_EAST,eu-central-1").err())
                .contains("not a region name: US_EAST");
    }

    @Test
    void completionPrintsABashScriptForTheWholeTree() {
        Result result = run("completion");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .startsWith("#!/usr/bin/env bash")
                .contains("enroll")
                .contains("rotate-master-key");
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().aliases().equals(new String[0]) && !name.equals(sub.getCommandName())) {
                return; // an alias: its command is walked under its name
            }
            List<String> next = new ArrayList<>(path);
            next.add(name);
            collect(sub, next, into);
        });
    }
}
