package dev.warden.incident.oncall;

/** An IAM principal who takes turns on call, with how to reach them. */
public record Participant(String principal, Contact contact) {
    public Participant {
        java.util.Objects.requireNonNull(principal, "principal");
        java.util.Objects.requireNonNull(contact, "contact");
    }
}
