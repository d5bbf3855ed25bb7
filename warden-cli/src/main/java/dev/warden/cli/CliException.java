package dev.warden.cli;

/** A failure to report to the user in one line, exit code 1. */
public final class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }
}
