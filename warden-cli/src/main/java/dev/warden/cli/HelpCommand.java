package dev.warden.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code warden help [COMMAND...]}: the usage of any command, at any depth ({@code warden help device enroll}). */
@Command(
        name = "help",
        helpCommand = true,
        description = "Show the usage of a command, e.g. 'warden help device enroll'.")
final class HelpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command and its subcommands.")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        CommandLine command = spec.parent().commandLine();
        for (String name : names) {
            CommandLine sub = command.getSubcommands().get(name);
            if (sub == null) {
                var err = spec.commandLine().getErr();
                err.println("error: '" + name + "' is not a command of '"
                        + command.getCommandSpec().qualifiedName() + "'");
                List<String> close = suggestions(name, command);
                if (!close.isEmpty()) {
                    err.println("Did you mean: " + String.join(" or ", close) + "?");
                }
                err.println("See '" + command.getCommandSpec().qualifiedName() + " --help' for its commands.");
                return command.getCommandSpec().exitCodeOnInvalidInput();
            }
            command = sub;
        }
        command.usage(spec.commandLine().getOut());
        return 0;
    }

    /** Subcommand names within two edits of {@code name}, or that contain it. */
    private static List<String> suggestions(String name, CommandLine command) {
        return command.getSubcommands().keySet().stream()
                .filter(n -> n.contains(name) || distance(n, name) <= 2)
                .sorted()
                .limit(3)
                .toList();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
