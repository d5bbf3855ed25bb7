package dev.warden.incident.playbook;

/**
 * One thing a step acts on: a thing name, a certificate serial, an IP address, a principal ({@code user/NAME},
 * {@code service/NAME}), a secret name, a manufacturer CA id or a policy name; {@code kind} is never a derived
 * selector.
 */
public record Target(Selector kind, String value) {
    public Target {
        if (kind.derived()) {
            throw new IllegalArgumentException("a target's kind is concrete: " + kind.id());
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a target has a value");
        }
    }

    @Override
    public String toString() {
        return kind.id() + " " + value;
    }
}
