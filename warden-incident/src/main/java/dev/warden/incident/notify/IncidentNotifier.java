package dev.warden.incident.notify;

import dev.warden.incident.IncidentException;
import dev.warden.incident.oncall.Contacts;
import dev.warden.incident.oncall.EscalationLevel;
import dev.warden.incident.oncall.EscalationPolicy;
import dev.warden.incident.oncall.OnCallService;
import dev.warden.incident.oncall.Participant;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door to incident notifications: {@link #notify} resolves who hears a notice (commander, else on call),
 * stores one outbox row per recipient and channel and returns at once; delivery, retries and the listener happen on
 * the outbox's threads. An opened incident also starts its escalation chain (when a policy is set): each level falls
 * due at its delay since the opening unless {@link Acknowledgements} says someone took it, fires from a timer armed
 * at the earliest due level (within milliseconds of it), and is stored, so {@link #resume} after a restart sends
 * what fell due while the node was down.
 */
public final class IncidentNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentNotifier.class);
    private static final List<String> TOLD_KINDS =
            List.of(IncidentNotice.Kind.OPENED.id(), IncidentNotice.Kind.ESCALATION.id());

    private final Database database;
    private final NotifySettings settings;
    private final OnCallService onCall;
    private final Acknowledgements acknowledgements;
    private final Clock clock;
    private final Recipients recipients;
    private final Outbox outbox;
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> armed;
    private Instant armedAt;

    /**
     * @param contacts the contact of a commander or a level's named principal (the {@code onCall} service itself
     *                 answers from the schedules)
     * @param secrets  reads a secret (the SMTP password, a webhook signing key) by its name; never called with or
     *                 returning anything that is stored or logged here
     */
    public IncidentNotifier(
            Database database,
            NotifySettings settings,
            OnCallService onCall,
            Contacts contacts,
            Acknowledgements acknowledgements,
            Function<String, byte[]> secrets,
            Clock clock,
            NotificationListener listener) {
        this.database = database;
        this.settings = settings;
        this.onCall = onCall;
        this.acknowledgements = acknowledgements;
        this.clock = clock;
        this.recipients = new Recipients(onCall, contacts, settings.defaultSchedule());
        SmtpMailer mailer = settings.smtp().map(s -> new SmtpMailer(s, secrets)).orElse(null);
        WebhookPoster poster = new WebhookPoster(secrets, settings.retry(), clock);
        Outbox.Senders senders =
                n -> n.channel() == Channel.WEBHOOK || mailer == null ? poster.send(n) : mailer.send(n);
        this.outbox = new Outbox(database, senders, settings.retry(), clock, listener);
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "warden-incident-escalate");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    /**
     * Stores the notice for everyone who must hear it and schedules the sending; returns the rows stored (none for a
     * notice raised before: a repeat after a restart sends nothing). An {@code OPENED} notice also starts the
     * escalation chain, {@code dueAt} being the opening.
     */
    public List<NotificationRecord> notify(IncidentNotice notice) {
        Instant now = clock.instant();
        List<Participant> people = recipients.of(notice, now);
        List<NotificationRecord> stored = outbox.enqueue(drafts(notice, people, true));
        if (notice.kind() == IncidentNotice.Kind.OPENED
                && settings.escalationPolicy().isPresent()) {
            boolean started = database.inTransaction(h -> new EscalationDao(h)
                    .start(
                            notice.incidentId(),
                            settings.escalationPolicy().get(),
                            notice.title(),
                            notice.severity(),
                            notice.dueAt()));
            if (started) {
                escalationsDue(now);
            }
        }
        return stored;
    }

    /**
     * Sends every escalation level due by {@code now} that was not sent, and re-arms the timer for the next. The timer
     * calls it; the deadline scheduler may too (it is idempotent). Returns how many notifications it stored.
     */
    public synchronized int escalationsDue(Instant now) {
        int stored = 0;
        for (EscalationDao.Row row : database.read(h -> new EscalationDao(h).due(now))) {
            try {
                stored += escalate(row, now);
            } catch (RuntimeException e) {
                // The row keeps its due time: the next run (or the next start) tries it again.
                LOG.error("escalation of incident {} failed", row.incidentId(), e);
            }
        }
        armEarliest();
        return stored;
    }

    private int escalate(EscalationDao.Row row, Instant now) {
        EscalationPolicy policy;
        try {
            policy = onCall.policy(row.policy());
        } catch (IncidentException e) {
            LOG.warn(
                    "Incident {}: escalation policy {} is gone ({}); escalation stops",
                    row.incidentId(),
                    row.policy(),
                    e.code());
            database.useTransaction(h -> new EscalationDao(h).advance(row.incidentId(), row.levelsTold(), null));
            return 0;
        }
        EscalationPolicy.State state = policy.state(row.openedAt(), acknowledged(row.incidentId()), now);
        int stored = 0;
        for (EscalationLevel level : state.due()) {
            if (level.level() > row.levelsTold()) {
                stored += outbox.enqueue(levelDrafts(row, level, now)).size();
            }
        }
        int told = Math.max(row.levelsTold(), state.due().size());
        database.useTransaction(h -> new EscalationDao(h)
                .advance(row.incidentId(), told, state.nextAt().orElse(null)));
        return stored;
    }

    private List<Outbox.Draft> levelDrafts(EscalationDao.Row row, EscalationLevel level, Instant now) {
        Instant due = level.dueAt(row.openedAt());
        String label = "level-" + level.level();
        String text = level.level() == 1
                ? "You are on call for this incident (escalation level 1)."
                : "Not acknowledged " + level.after().toMinutes() + " min after it opened: escalated to level "
                        + level.level() + ".";
        IncidentNotice notice = new IncidentNotice(
                row.incidentId(),
                row.title(),
                row.severity(),
                IncidentNotice.Kind.ESCALATION,
                label,
                due,
                text,
                Optional.empty());
        List<Participant> people = new ArrayList<>();
        for (Participant p : recipients.of(level, now)) {
            if (!outbox.told(row.incidentId(), p.principal(), TOLD_KINDS)) {
                people.add(p);
            }
        }
        return drafts(notice, people, !people.isEmpty());
    }

    private Optional<Instant> acknowledged(long incidentId) {
        try {
            return acknowledgements.acknowledgedAt(incidentId);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Incident {}: acknowledgement unknown ({}); escalating",
                    incidentId,
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private List<Outbox.Draft> drafts(IncidentNotice n, List<Participant> people, boolean team) {
        Instant now = clock.instant();
        String base = n.incidentId() + "|" + n.kind().id() + "|" + n.clock() + "|"
                + n.dueAt().toEpochMilli() + "|";
        String subject = Messages.subject(n);
        List<Outbox.Draft> drafts = new ArrayList<>();
        Optional<String> secret = settings.webhookSecretName();
        for (Participant p : people) {
            String who = p.principal();
            if (settings.smtp().isPresent()) {
                drafts.add(new Outbox.Draft(
                        base + "email|" + who,
                        n.incidentId(),
                        n.kind(),
                        n.clock(),
                        Channel.EMAIL,
                        who,
                        p.contact().email(),
                        null,
                        subject,
                        id -> Messages.text(n, who)));
            }
            if (p.contact().webhook().isPresent() && secret.isPresent()) {
                drafts.add(new Outbox.Draft(
                        base + "webhook|" + who,
                        n.incidentId(),
                        n.kind(),
                        n.clock(),
                        Channel.WEBHOOK,
                        who,
                        p.contact().webhook().get(),
                        secret.get(),
                        subject,
                        id -> Messages.webhook(n, id, who, now)));
            }
        }
        if (team && settings.webhookUrl().isPresent()) {
            String who = NotificationRecord.TEAM;
            drafts.add(new Outbox.Draft(
                    base + "webhook|" + who,
                    n.incidentId(),
                    n.kind(),
                    n.clock(),
                    Channel.WEBHOOK,
                    who,
                    settings.webhookUrl().get(),
                    secret.orElseThrow(),
                    subject,
                    id -> Messages.webhook(n, id, who, now)));
        }
        return drafts;
    }

    /** Stops an incident's escalation (it was acknowledged or closed); the notices already stored still go out. */
    public void settle(long incidentId) {
        database.useTransaction(h -> new EscalationDao(h)
                .find(incidentId)
                .ifPresent(r -> new EscalationDao(h).advance(incidentId, r.levelsTold(), null)));
    }

    /** Every notification of an incident, oldest first: for {@code warden incident notifications ID}. */
    public List<NotificationRecord> notifications(long incidentId) {
        return outbox.ofIncident(incidentId);
    }

    /**
     * At start: schedules every pending notification and sends the escalation levels that fell due while the node was
     * down, then arms the timer. Returns how many pending notifications were resumed.
     */
    public int resume() {
        int pending = outbox.resume();
        escalationsDue(clock.instant());
        return pending;
    }

    private synchronized void armEarliest() {
        Optional<Instant> next = database.read(h -> new EscalationDao(h).active()).stream()
                .map(EscalationDao.Row::nextDueAt)
                .findFirst();
        if (next.isEmpty() || timer.isShutdown()) {
            return;
        }
        if (armed != null && !armed.isDone() && armedAt.equals(next.get())) {
            return;
        }
        if (armed != null) {
            armed.cancel(false);
        }
        long delay = Math.max(0, Duration.between(clock.instant(), next.get()).toMillis());
        armedAt = next.get();
        armed = timer.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        synchronized (this) {
            armed = null; // this run re-arms, even for the instant it was armed for (a timer may fire a little early)
        }
        try {
            escalationsDue(clock.instant());
        } catch (RuntimeException e) {
            LOG.error("escalation run failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        outbox.close();
    }
}
