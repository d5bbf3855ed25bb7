package dev.warden.cli;

import java.util.Map;
import picocli.CommandLine;

/**
 * The README's "Reference" part, generated from the CLI's own help: the list of commands, each top-level command's
 * subcommands with their one-line descriptions, and {@code warden --help} in full. In the CLI's package (in the test
 * sources only) to build the command line with every subcommand the way {@code warden --help} does.
 * {@code ReadmeIT} compares it with the README and rewrites the README with {@code -Dreadme.regenerate=true}.
 */
public final class CliReference {
    public static final String BEGIN =
            "<!-- BEGIN GENERATED REFERENCE: do not edit; see the line above to regenerate -->";
    public static final String END = "<!-- END GENERATED REFERENCE -->";

    private CliReference() {}

    /** The Markdown between (and including) {@link #BEGIN} and {@link #END}. */
    public static String markdown() {
        CommandLine root = WardenCommand.commandLine(new WardenCommand());
        StringBuilder md = new StringBuilder(BEGIN).append("\n\n");
        md.append("The commands (`./warden help COMMAND` shows one in full, with its options):\n\n");
        md.append(fence(root.getHelp().commandList()));
        for (Map.Entry<String, CommandLine> entry : root.getSubcommands().entrySet()) {
            CommandLine command = entry.getValue();
            if (command.getCommandSpec().usageMessage().hidden()
                    || command.getSubcommands().isEmpty()) {
                continue;
            }
            md.append("\n**`warden ")
                    .append(entry.getKey())
                    .append("`**: ")
                    .append(String.join(
                            " ", command.getCommandSpec().usageMessage().description()))
                    .append("\n\n");
            md.append(fence(command.getHelp().commandList()));
        }
        md.append("\n<details><summary><code>./warden --help</code>: the options every command accepts</summary>\n\n");
        md.append(fence(root.getUsageMessage(CommandLine.Help.Ansi.OFF)));
        md.append("\n</details>\n\n").append(END);
        return md.toString();
    }

    private static String fence(String text) {
        String body = text.lines()
                .map(String::stripTrailing)
                .reduce((a, b) -> a + "\n" + b)
                .orElse("");
        return "```text\n" + body + "\n```\n";
    }

    public static void main(String[] args) {
        System.out.println(markdown());
    }
}
