package dev.warden.compliance.inventory;

/** A principal a policy is attached to: {@code user}, {@code group}, {@code role}, {@code service}, {@code admin}
 * or {@code thinggroup}, and its name or id. */
public record PrincipalRef(String type, String id) {
    public static final String THING_GROUP = "thinggroup";

    public boolean thingGroup() {
        return THING_GROUP.equals(type);
    }
}
