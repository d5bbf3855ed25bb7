package dev.warden.audit;

/**
 * Who is acting on the current thread, for the events that services record deep inside a request (a certificate
 * issued, a claim consumed). Set by the audited route wrapper; absent for scheduled jobs, which act as the system.
 */
public final class AuditScope {
    /** The acting principal, where the request came from, and its request id. */
    public record Actor(AuditPrincipal principal, String sourceIp, String requestId) {}

    private static final Actor SYSTEM = new Actor(AuditPrincipal.SYSTEM, null, null);
    private static final ThreadLocal<Actor> CURRENT = new ThreadLocal<>();

    private AuditScope() {}

    public static Actor current() {
        Actor actor = CURRENT.get();
        return actor == null ? SYSTEM : actor;
    }

    /** Called by the audited route wrapper when a request starts. */
    public static void enter(Actor actor) {
        CURRENT.set(actor);
    }

    /** Called by the audited route wrapper when a request ends. */
    public static void exit() {
        CURRENT.remove();
    }
}
