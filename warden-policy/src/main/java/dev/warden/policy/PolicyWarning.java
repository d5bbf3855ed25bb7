package dev.warden.policy;

/**
 * Something in a valid policy that is probably not what its author meant; reported by
 * {@link PolicyParser#parseStrict} beside the policy, never a reason to refuse it. Positions as in
 * {@link PolicyValidationException}: 1-based line and column, and a JSON pointer.
 */
public record PolicyWarning(Code code, int line, int column, String pointer, String message) {

    public enum Code {
        /** A wildcard Action / NotAction ({@code iot:Sub*}) that matches no action in the {@link ActionCatalogue}. */
        ACTION_PATTERN_MATCHES_NOTHING
    }

    @Override
    public String toString() {
        return code + " at line " + line + ", column " + column + " (pointer \"" + pointer + "\"): " + message;
    }
}
