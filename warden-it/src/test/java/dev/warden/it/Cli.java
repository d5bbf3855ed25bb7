package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.cli.WardenCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.util.List;

/** The CLI in-process, and the one helper that asserts a CLI call succeeded. */
final class Cli {
    private Cli() {}

    /** Runs {@code warden ARGS} in-process (no {@code --data} added; see {@link NodeHarness#cli} for that). */
    static NodeHarness.CliResult run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code = WardenCommand.execute(args.toArray(String[]::new), out, new PrintWriter(err, true));
        byte[] bytes = out.toByteArray();
        return new NodeHarness.CliResult(code, new String(bytes, Charset.defaultCharset()), err.toString(), bytes);
    }

    static NodeHarness.CliResult run(String... args) {
        return run(List.of(args));
    }

    /** Asserts exit code 0 (showing what the CLI printed otherwise) and returns the result. */
    static NodeHarness.CliResult ok(NodeHarness.CliResult result) {
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        return result;
    }
}
