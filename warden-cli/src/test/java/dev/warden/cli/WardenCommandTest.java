package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertThat(result.err()).startsWith("error: ").doesNotContain("Exception").doesNotContain("\tat ");
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
}
