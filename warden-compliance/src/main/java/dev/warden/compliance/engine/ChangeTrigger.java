package dev.warden.compliance.engine;

import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditResult;
import dev.warden.compliance.core.CheckId;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The audit stream's consumer: every event the node records passes here (on the thread that recorded it, so this
 * only looks at it and hands a set of checks to the worker). An allowed, completed change (the admin API's outcome
 * event with a 2xx or 3xx status, or an event the node records by itself) schedules the checks its action can affect;
 * an intent, a refused or failed call, and a read schedule nothing. A change made with the bootstrap admin
 * credential also re-checks ADMIN_CREDENTIAL_BOOTSTRAP_IN_USE, since using it is what that check is about.
 */
public final class ChangeTrigger implements Consumer<AuditEvent> {
    private final Consumer<Set<CheckId>> worker;

    /** @param worker takes the checks to run after the debounce ({@link ComplianceWorker#onChange}) */
    public ChangeTrigger(Consumer<Set<CheckId>> worker) {
        this.worker = worker;
    }

    private static boolean bootstrap(AuditEvent e) {
        return "admin".equals(e.principal().type()) && e.principal().id().startsWith("bootstrap-");
    }

    @Override
    public void accept(AuditEvent e) {
        if (e.result() != AuditResult.ALLOW || "intent".equals(e.details().get("stage"))) {
            return;
        }
        String status = e.details().get("status");
        if (status != null && !status.startsWith("2") && !status.startsWith("3")) {
            return;
        }
        Set<CheckId> checks = ChangeTriggers.of(e.action());
        if (!checks.isEmpty()) {
            worker.accept(checks);
        }
        if (status != null && bootstrap(e) && !"GET".equals(e.details().get("method"))) {
            // Its reads are left to the daily run: a script polling with it would otherwise run a check per poll.
            worker.accept(ChangeTriggers.bootstrapUse());
        }
    }
}
