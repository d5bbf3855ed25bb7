package dev.warden.api;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /health}: 200 once the node is ready to serve, 503 before, and 503 with the reason while a part the node
 * cannot act safely without is down (the audit trail: admin actions are refused then, so the node is not healthy
 * even though devices are still served).
 */
public final class ReadinessProbe {
    private volatile boolean ready;
    private volatile Supplier<String> auditProblem = () -> null;

    public void markReady() {
        ready = true;
    }

    public void markStopping() {
        ready = false;
    }

    /** What makes the audit trail unable to record, or {@code null} while it records. */
    public void watchAudit(Supplier<String> problem) {
        this.auditProblem = problem;
    }

    public void handle(Context ctx) {
        if (!ready) {
            ctx.status(503).json(Map.of("status", "starting"));
            return;
        }
        String audit = auditProblem.get();
        if (audit != null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "degraded");
            body.put("reason", "AUDIT_UNAVAILABLE");
            body.put(
                    "message",
                    "the audit trail cannot record (" + audit + "); admin actions are refused, devices are served");
            ctx.status(503).json(body);
            return;
        }
        ctx.json(Map.of("status", "ok"));
    }
}
