package dev.warden.console.view;

import java.util.List;

/**
 * The validator's answer on a document, as {@code warden policy validate} gives it: valid with its statement count,
 * warnings and the analyzer's findings; or invalid at a line and column (0 when the error has no position) with the
 * reason code and message.
 */
public record ValidationView(
        boolean valid,
        int statements,
        int line,
        int column,
        String pointer,
        String reason,
        String message,
        List<String> warnings,
        List<String> findings) {}
