package dev.warden.api;

import io.javalin.http.Handler;
import java.util.function.UnaryOperator;

/**
 * A capability's admin routes, added to the admin API without widening its constructor: each registers its
 * routes on the audited router, wrapping every handler in {@code admin} (authentication and authorization).
 */
@FunctionalInterface
public interface CapabilityRoutes {
    void register(AuditedRoutes routes, UnaryOperator<Handler> admin);
}
