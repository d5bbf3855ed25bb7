package dev.warden.api;

import io.javalin.http.Context;

/**
 * A last check before an authorized change runs, for what another capability owns: a member region refuses changes
 * of IAM, which only its control region makes. It throws to refuse (the capability's own exception, mapped like any
 * other), before the intent is recorded and before the handler runs, so a refused change never starts.
 */
@FunctionalInterface
public interface WriteGuard {
    WriteGuard NONE = (action, ctx) -> {};

    void check(String action, Context ctx);
}
