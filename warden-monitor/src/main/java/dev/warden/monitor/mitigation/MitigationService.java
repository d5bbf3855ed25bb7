package dev.warden.monitor.mitigation;

import dev.warden.audit.NodeAudit;
import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import dev.warden.monitor.core.MitigationAction;
import dev.warden.monitor.core.TargetKey;
import dev.warden.monitor.store.DeliveryStatus;
import dev.warden.monitor.store.MitigationDao;
import dev.warden.monitor.store.MitigationRecord;
import dev.warden.monitor.store.MitigationStatus;
import dev.warden.monitor.store.NotificationDao;
import dev.warden.monitor.store.NotificationRecord;
import dev.warden.storage.Database;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs mitigations and keeps their record. Every run is a row, written pending before anything is done and ended done
 * or failed; a failure is never recorded as done, and a row that a crash left pending is ended failed at the next
 * start ({@link #start}), because whether its action took effect is unknown.
 *
 * <p>An automatic mitigation records its intent durably in the audit trail before it acts (action
 * {@code monitor:<Mitigation>}, principal {@code system}, the target's ARN, the alarm's id) and its outcome after; if
 * the intent cannot be recorded it does not act. A manual one comes through an admin route, which records intent and
 * outcome itself; its row names the route's principal. A notification is done once its webhook delivery is delivered,
 * failed once the delivery failed for good ({@link WebhookNotifier}).
 *
 * <p>Thread-safe: called by the monitor thread (automatic) and by admin requests (manual).
 */
public final class MitigationService implements Mitigator, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MitigationService.class);
    /** Most rows a list returns. */
    public static final int MAX_LIST = 1_000;

    private final Database database;
    private final MitigationTargets targets;
    private final MitigationSettings settings;
    private final Clock clock;
    private final MitigationAudit audit;
    private final MitigationActions actions;
    private final WebhookNotifier notifier;

    /**
     * @param secrets reads a webhook signing secret by its name in the secrets manager (never logged or stored)
     */
    public MitigationService(
            Database database,
            NodeAudit audit,
            MitigationTargets targets,
            Function<String, byte[]> secrets,
            MitigationSettings settings,
            Clock clock) {
        this.database = database;
        this.targets = targets;
        this.settings = settings;
        this.clock = clock;
        this.audit = new MitigationAudit(audit, settings.region(), settings.account());
        this.actions = new MitigationActions(targets, settings);
        this.notifier = new WebhookNotifier(database, secrets, settings.retry(), clock, this::deliveryFinished);
    }

    /** Ends the rows a crash left pending (notifications aside) as failed, and resumes pending deliveries. */
    public MitigationService start() {
        List<MitigationRecord> interrupted = database.inTransaction(h -> {
            MitigationDao dao = new MitigationDao(h);
            List<MitigationRecord> ended = dao.pending().stream()
                    .filter(m -> m.action() != MitigationAction.NOTIFY)
                    .toList();
            ended.forEach(m -> dao.finish(
                    m.id(),
                    MitigationStatus.FAILED,
                    "interrupted: the node stopped before the outcome",
                    clock.instant()));
            return ended;
        });
        if (!interrupted.isEmpty()) {
            LOG.warn("{} mitigation(s) were interrupted by a stop and are recorded as failed", interrupted.size());
        }
        notifier.resume();
        return this;
    }

    @Override
    public long run(MitigationRequest request) {
        validate(request);
        MitigationRecord row = database.inTransaction(h -> new MitigationDao(h)
                .insertPending(
                        request.alarmId(),
                        request.action(),
                        request.alarm().target(),
                        request.automatic(),
                        request.automatic() ? MitigationAudit.SYSTEM : request.principal(),
                        clock.instant()));
        Long intentSeq = null;
        if (request.automatic()) {
            try {
                intentSeq = audit.intent(row, request);
            } catch (RuntimeException e) {
                // Fail closed: an automatic action without its evidence in the trail is not carried out.
                finish(row, MitigationStatus.FAILED, "not carried out: the audit trail could not record its intent");
                throw new MonitorException(
                        MonitorReason.MITIGATION_FAILED,
                        request.action().id() + " of " + request.alarm().target()
                                + " was not carried out: the audit trail could not record its intent");
            }
        }
        if (request.action() == MitigationAction.NOTIFY) {
            enqueueNotification(row, request, intentSeq);
            return row.id();
        }
        String detail;
        try {
            detail = actions.carryOut(request);
        } catch (RuntimeException e) {
            String reason = reason(e, request);
            finish(row, MitigationStatus.FAILED, reason);
            outcome(row, intentSeq, MitigationStatus.FAILED, reason);
            throw e instanceof MonitorException m && m.reason() == MonitorReason.MITIGATION_FAILED
                    ? m
                    : new MonitorException(MonitorReason.MITIGATION_FAILED, reason);
        }
        finish(row, MitigationStatus.DONE, detail);
        outcome(row, intentSeq, MitigationStatus.DONE, detail);
        return row.id();
    }

    /**
     * Quarantines a thing by a person's hand without an alarm (the console's route audits it as monitor:Quarantine on
     * the thing, as a playbook's quarantine is); no mitigation row is written, since a row belongs to an alarm. False
     * when it was in quarantine already.
     */
    public boolean quarantine(String thing) {
        if (thing == null || thing.isEmpty()) {
            throw new MonitorException(MonitorReason.INVALID_TARGET, "name the thing to quarantine");
        }
        return targets.quarantine(thing);
    }

    /** Takes a thing out of quarantine (the admin route audits it as monitor:ReleaseFromQuarantine). */
    public boolean release(String thing) {
        if (thing == null || thing.isEmpty()) {
            throw new MonitorException(MonitorReason.INVALID_TARGET, "name the thing to release");
        }
        return targets.release(thing);
    }

    public Optional<MitigationRecord> find(long id) {
        return database.read(h -> new MitigationDao(h).find(id));
    }

    /** The mitigations of one alarm, oldest first. */
    public List<MitigationRecord> list(long alarmId) {
        return database.read(h -> new MitigationDao(h).ofAlarm(alarmId));
    }

    /** The newest mitigations (at most {@link #MAX_LIST}), newest first, from below {@code beforeId} (0: newest). */
    public List<MitigationRecord> recent(int limit, long beforeId) {
        int bounded = Math.max(1, Math.min(limit, MAX_LIST));
        return database.read(h -> new MitigationDao(h).recent(bounded, beforeId));
    }

    /** Mitigations run so far, by action id, for the node's metrics. */
    public java.util.Map<String, Long> countsByAction() {
        return database.read(h -> new MitigationDao(h).countsByAction());
    }

    /** The webhook deliveries of one alarm, oldest first. */
    public List<NotificationRecord> deliveries(long alarmId) {
        return database.read(h -> new NotificationDao(h).ofAlarm(alarmId));
    }

    /** The newest webhook deliveries (at most {@link #MAX_LIST}), newest first. */
    public List<NotificationRecord> recentDeliveries(int limit) {
        int bounded = Math.max(1, Math.min(limit, MAX_LIST));
        return database.read(h -> new NotificationDao(h).recent(bounded));
    }

    private void validate(MitigationRequest request) {
        Objects.requireNonNull(request, "request");
        if (request.alarm() == null
                || request.action() == null
                || request.alarm().target() == null) {
            throw new MonitorException(MonitorReason.INVALID_TARGET, "a mitigation names an alarm and an action");
        }
        TargetKey target = request.alarm().target();
        if (!request.action().appliesTo(target.scope())) {
            throw new MonitorException(
                    MonitorReason.MITIGATION_NOT_APPLICABLE,
                    request.action().id() + " does not apply to a "
                            + target.scope().name().toLowerCase(java.util.Locale.ROOT) + " target");
        }
        if (!request.automatic()
                && (request.principal() == null || request.principal().isBlank())) {
            throw new MonitorException(MonitorReason.INVALID_TARGET, "a manual mitigation names its principal");
        }
        if (request.action() == MitigationAction.NOTIFY) {
            String url =
                    request.notifyUrl() == null ? null : request.notifyUrl().orElse(null);
            String secret = request.notifySecret() == null
                    ? null
                    : request.notifySecret().orElse(null);
            if (url == null || secret == null || secret.isBlank()) {
                // Never unsigned: a receiver could not tell Warden's alarm from anyone's.
                throw new MonitorException(
                        MonitorReason.INVALID_NOTIFY_TARGET, "notify needs a webhook URL and a signing secret's name");
            }
            WebhookNotifier.requireWebhookUrl(url);
        }
    }

    private void enqueueNotification(MitigationRecord row, MitigationRequest request, Long intentSeq) {
        try {
            notifier.enqueue(
                    row.id(),
                    row.alarmId(),
                    request.notifyUrl().orElseThrow(),
                    request.notifySecret().orElseThrow(),
                    id -> NotificationBody.of(id, row.id(), request, clock.instant(), settings.region()));
        } catch (RuntimeException e) {
            String reason = reason(e, request);
            finish(row, MitigationStatus.FAILED, reason);
            outcome(row, intentSeq, MitigationStatus.FAILED, reason);
            throw new MonitorException(MonitorReason.MITIGATION_FAILED, reason);
        }
    }

    /** A delivery ended: its mitigation is done or failed, and an automatic one's outcome is recorded. */
    private void deliveryFinished(NotificationRecord delivery) {
        MitigationRecord row = find(delivery.mitigationId()).orElse(null);
        if (row == null) {
            return;
        }
        boolean delivered = delivery.status() == DeliveryStatus.DELIVERED;
        String detail = delivered
                ? "delivered " + delivery.deliveryId() + " to " + delivery.origin() + " after " + delivery.attempts()
                        + " attempt(s)"
                : "delivery " + delivery.deliveryId() + " to " + delivery.origin() + " failed after "
                        + delivery.attempts() + " attempt(s): " + delivery.lastError();
        MitigationStatus status = delivered ? MitigationStatus.DONE : MitigationStatus.FAILED;
        finish(row, status, detail);
        outcome(row, null, status, detail);
    }

    private void finish(MitigationRecord row, MitigationStatus status, String detail) {
        database.useTransaction(h -> new MitigationDao(h).finish(row.id(), status, detail, clock.instant()));
    }

    private void outcome(MitigationRecord row, Long intentSeq, MitigationStatus status, String detail) {
        if (!row.automatic()) {
            return;
        }
        try {
            audit.outcome(row, intentSeq, status, detail);
        } catch (RuntimeException e) {
            // The action happened (or failed) already; its row says so. The trail's intent is there regardless.
            LOG.error("the outcome of mitigation {} could not be recorded in the audit trail", row.id(), e);
        }
    }

    /** A failure's reason for the row, the trail and the caller: only messages written for them, never a raw one. */
    private static String reason(RuntimeException e, MitigationRequest request) {
        if (e instanceof MonitorException) {
            return e.getMessage();
        }
        LOG.error(
                "mitigation {} of {} failed",
                request.action().id(),
                request.alarm().target(),
                e);
        return request.action().id() + " of " + request.alarm().target() + " failed: internal error ("
                + e.getClass().getSimpleName() + ")";
    }

    @Override
    public void close() {
        notifier.close();
    }
}
