package dev.warden.monitor.alarms;

import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import dev.warden.monitor.core.TargetKey;
import dev.warden.monitor.store.Suppression;
import dev.warden.monitor.store.SuppressionDao;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Suppressions of alarms: while one is in force, matching alarms are still raised and recorded, but marked
 * suppressed and run no automatic mitigation. Each needs a reason and expires within 90 days, so that a
 * suppression cannot quietly become a permanent blind spot; and each names at least one of profile, behaviour and
 * target, so that no single call silences the whole fleet. A new suppression does not touch alarms already raised.
 */
public final class Suppressions {
    public static final Duration MAX_LIFETIME = Duration.ofDays(90);
    public static final int MAX_REASON_CHARS = 512;
    private static final int MAX_FIELD_CHARS = 512;

    private final Database database;
    private final Clock clock;

    public Suppressions(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** What to suppress (each empty meaning any, at least one given), why, and for how long. */
    public record Request(
            Optional<String> profile,
            Optional<String> behaviour,
            Optional<String> target,
            String reason,
            Duration lifetime) {}

    public Suppression create(Request r, String principal) {
        check(r);
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return database.inTransaction(h -> {
            SuppressionDao dao = new SuppressionDao(h);
            Suppression s = new Suppression(
                    dao.nextId(),
                    r.profile(),
                    r.behaviour(),
                    r.target(),
                    r.reason().strip(),
                    at.plus(r.lifetime()),
                    principal,
                    at);
            dao.insert(s);
            return s;
        });
    }

    /** The suppressions in force now, oldest first. */
    public List<Suppression> list() {
        return database.read(h -> new SuppressionDao(h).unexpired(clock.instant()));
    }

    public void delete(long id) {
        if (!database.inTransaction(h -> new SuppressionDao(h).delete(id))) {
            throw new MonitorException(MonitorReason.NO_SUCH_SUPPRESSION, "no suppression " + id);
        }
    }

    private static void check(Request r) {
        if (r.profile().isEmpty() && r.behaviour().isEmpty() && r.target().isEmpty()) {
            throw invalid("name at least one of profile, behaviour and target: a suppression of everything is refused");
        }
        for (Optional<String> field : List.of(r.profile(), r.behaviour(), r.target())) {
            if (field.isPresent() && (field.get().isBlank() || field.get().length() > MAX_FIELD_CHARS)) {
                throw invalid("profile, behaviour and target are 1-" + MAX_FIELD_CHARS + " characters when given");
            }
        }
        if (r.target().isPresent()) {
            try {
                TargetKey.parse(r.target().get());
            } catch (IllegalArgumentException e) {
                throw invalid(e.getMessage());
            }
        }
        if (r.reason() == null || r.reason().isBlank() || r.reason().length() > MAX_REASON_CHARS) {
            throw invalid("a suppression needs a reason of 1-" + MAX_REASON_CHARS + " characters");
        }
        if (r.lifetime() == null
                || r.lifetime().compareTo(Duration.ofSeconds(1)) < 0
                || r.lifetime().compareTo(MAX_LIFETIME) > 0) {
            throw invalid("a suppression expires within 1 second to 90 days");
        }
    }

    private static MonitorException invalid(String message) {
        return new MonitorException(MonitorReason.INVALID_SUPPRESSION, message);
    }
}
