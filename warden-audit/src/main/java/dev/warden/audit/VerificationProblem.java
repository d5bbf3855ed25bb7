package dev.warden.audit;

/**
 * One broken link.
 *
 * @param seq     the position where it shows (event seq, or for digest problems the digest's last seq)
 * @param eventId the event it concerns, {@code null} when no stored event can be named (a missing tail)
 */
public record VerificationProblem(ProblemKind kind, long seq, String eventId, String message) {
    @Override
    public String toString() {
        return kind + " at seq " + seq + (eventId == null ? "" : " (event " + eventId + ")") + ": " + message;
    }
}
