package dev.warden.monitor.taps;

import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.monitor.ObservationSink;
import dev.warden.monitor.core.Metric;
import dev.warden.monitor.core.Observation;
import dev.warden.monitor.core.TargetKey;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The admin side of monitoring, read from the events the node records in its audit trail (the admin API records
 * the outcome of every call there, with its status): failed logins per user and per address (a 401 anywhere counts
 * for its address: guessing API keys is a brute force too; a login the throttle refused counts as well), denied calls per principal, secret reads and key uses
 * per principal. Device events are skipped here; the gateway feeds them directly.
 */
public final class AdminEvents implements Consumer<AuditEvent> {
    private static final Set<String> KEY_USES =
            Set.of("kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:ReEncrypt", "kms:Sign");

    private final ObservationSink sink;

    public AdminEvents(ObservationSink sink) {
        this.sink = sink;
    }

    @Override
    public void accept(AuditEvent e) {
        String status = e.details().get("status");
        if (status == null
                || e.action().startsWith("iot:")
                || "intent".equals(e.details().get("stage"))) {
            return; // only the outcomes of admin calls
        }
        long at = TimeUnit.NANOSECONDS.toMillis(e.timeNanos());
        AuditPrincipal p = e.principal();
        boolean login = "sts:Login".equals(e.action());
        // A login refused by the throttle (429) is still an attempt: a brute force does not stop at the throttle.
        if ("401".equals(status) || login && "429".equals(status)) {
            if (e.sourceIp() != null) {
                sink.accept(Observation.count(
                        TargetKey.sourceIp(e.sourceIp()), Metric.NUM_FAILED_LOGINS_FROM_ADDRESS, 1, at));
            }
            if (login && !AuditPrincipal.ANONYMOUS.equals(p)) {
                sink.accept(Observation.count(TargetKey.user(p.id()), Metric.NUM_FAILED_LOGINS, 1, at));
            }
        } else if ("403".equals(status)) {
            sink.accept(Observation.count(principal(p), Metric.NUM_DENIED_ADMIN_CALLS, 1, at));
        } else if (e.result() == AuditResult.ALLOW) {
            if ("secrets:GetSecretValue".equals(e.action())) {
                sink.accept(Observation.count(principal(p), Metric.NUM_SECRETS_READ, 1, at));
            } else if (KEY_USES.contains(e.action())) {
                sink.accept(Observation.count(principal(p), Metric.NUM_KEY_USES, 1, at));
            }
        }
    }

    private static TargetKey principal(AuditPrincipal p) {
        return TargetKey.principal(p.type() + ":" + p.id());
    }
}
