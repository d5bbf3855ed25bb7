package dev.warden.server.api;

import io.javalin.http.Context;
import java.util.Map;

/** {@code GET /health}: 200 once the node is ready to serve, 503 before. */
public final class ReadinessProbe {
    private volatile boolean ready;

    public void markReady() {
        ready = true;
    }

    public void markStopping() {
        ready = false;
    }

    public void handle(Context ctx) {
        if (ready) {
            ctx.json(Map.of("status", "ok"));
        } else {
            ctx.status(503).json(Map.of("status", "starting"));
        }
    }
}
