package dev.warden.cli;

import java.io.Console;
import java.nio.file.Path;

/** Reads a passphrase from a file, an environment variable or the terminal, never from the command line. */
final class Passphrases {
    private static final int MIN_LENGTH = 12;

    private Passphrases() {}

    static char[] read(Path file, String environmentVariable, String prompt) {
        char[] passphrase;
        if (file != null) {
            passphrase = AdminClient.read(file).strip().toCharArray();
        } else if (System.getenv(environmentVariable) != null) {
            passphrase = System.getenv(environmentVariable).toCharArray();
        } else {
            Console console = System.console();
            if (console == null) {
                throw new CliException("no passphrase: use --passphrase-file or " + environmentVariable);
            }
            passphrase = console.readPassword(prompt);
        }
        if (passphrase == null || passphrase.length < MIN_LENGTH) {
            throw new CliException("the passphrase must have at least " + MIN_LENGTH + " characters");
        }
        return passphrase;
    }
}
