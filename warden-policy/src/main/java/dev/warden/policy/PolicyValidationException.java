package dev.warden.policy;

/**
 * A policy document was refused. Carries a stable {@link PolicyValidationReason}, the position of the offending
 * value (1-based line and column in the JSON text when known, and an RFC 6901 JSON pointer) and a human message.
 */
public final class PolicyValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final PolicyValidationReason reason;
    private final int line;
    private final int column;
    private final String pointer;
    private final String detail;

    public PolicyValidationException(
            PolicyValidationReason reason, int line, int column, String pointer, String detail) {
        super(reason + " at " + formatPosition(line, column, pointer) + ": " + detail);
        this.reason = reason;
        this.line = line;
        this.column = column;
        this.pointer = pointer == null ? "" : pointer;
        this.detail = detail;
    }

    private static String formatPosition(int line, int column, String pointer) {
        StringBuilder sb = new StringBuilder();
        if (line > 0) {
            sb.append("line ").append(line).append(", column ").append(column);
        }
        if (pointer != null) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append("(pointer \"").append(pointer).append("\")");
        }
        return sb.length() == 0 ? "unknown position" : sb.toString();
    }

    public PolicyValidationReason reason() {
        return reason;
    }

    /** Human-readable position: {@code line L, column C (pointer "/Statement/0/Action")}. */
    public String position() {
        return formatPosition(line, column, pointer);
    }

    /** 1-based line in the JSON text, or 0 when not applicable (e.g. size limit, bad name). */
    public int line() {
        return line;
    }

    /** 1-based column in the JSON text, or 0 when not applicable. */
    public int column() {
        return column;
    }

    /** RFC 6901 JSON pointer to the offending value ({@code ""} is the document root). */
    public String pointer() {
        return pointer;
    }

    /** The message without reason and position. */
    public String detail() {
        return detail;
    }
}
