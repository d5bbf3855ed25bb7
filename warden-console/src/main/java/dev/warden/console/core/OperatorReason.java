package dev.warden.console.core;

/**
 * The reason an operator types for a quarantine or a release. It goes into the audit trail as typed, so it is bounded
 * and one line: trimmed, at most {@value #MAX} characters, no control character (a line break could forge the look
 * of another field in a reader's view of the trail). A required reason may not be blank.
 */
public final class OperatorReason {
    /** The longest reason kept, in characters. */
    public static final int MAX = 300;

    private OperatorReason() {}

    /** The reason, trimmed; refused (IllegalArgumentException, its message fit for the operator) when unfit. */
    public static String parse(String raw, boolean required) {
        String text = raw == null ? "" : raw.strip();
        if (required && text.isEmpty()) {
            throw new IllegalArgumentException("give a reason: it is recorded in the audit trail");
        }
        if (text.length() > MAX) {
            throw new IllegalArgumentException("a reason is at most " + MAX + " characters");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a reason is one line of text");
        }
        return text;
    }
}
