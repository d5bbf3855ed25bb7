package dev.warden.policy;

/** Effect of a statement or of a decision. */
public enum Effect {
    ALLOW("Allow"),
    DENY("Deny");

    private final String jsonName;

    Effect(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The spelling used in policy JSON ({@code Allow} / {@code Deny}). */
    public String jsonName() {
        return jsonName;
    }
}
