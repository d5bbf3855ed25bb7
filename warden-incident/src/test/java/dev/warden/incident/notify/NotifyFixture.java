package dev.warden.incident.notify;

import dev.warden.incident.core.Severity;
import dev.warden.incident.oncall.OnCallService;
import dev.warden.monitor.mitigation.RetryPolicy;
import dev.warden.storage.Database;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A notifier over a real SQLite file (one per test class: opening and migrating is the slow part), with schedules
 * where alice (primary) and carol (secondary) are always on call, and a listener that records what ended.
 */
final class NotifyFixture implements AutoCloseable {
    static final String PRIMARY = """
            {"name": "primary", "rotations": [{"length": "1d", "handoff": "00:00", "start": "2020-01-01",
              "participants": [{"principal": "alice", "email": "alice@example.com" WEBHOOK}]}]}
            """;
    static final String SECONDARY = """
            {"name": "secondary", "rotations": [{"length": "1d", "handoff": "00:00", "start": "2020-01-01",
              "participants": [{"principal": "carol", "email": "carol@example.com"}]}]}
            """;
    static final RetryPolicy FAST =
            new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(100), 3, Duration.ofSeconds(2));

    final Database db;
    final OnCallService onCall;
    final Map<String, byte[]> secrets = new ConcurrentHashMap<>();
    final List<NotificationRecord> delivered = new CopyOnWriteArrayList<>();
    final List<NotificationRecord> failed = new CopyOnWriteArrayList<>();
    volatile Optional<Instant> acknowledged = Optional.empty();
    IncidentNotifier notifier;

    NotifyFixture(Database db, Optional<String> aliceWebhook) {
        this.db = db;
        this.onCall = new OnCallService(db, Clock.systemUTC(), Optional.of("primary"));
        onCall.putSchedule(
                PRIMARY.replace(
                        " WEBHOOK",
                        aliceWebhook.map(u -> ", \"webhook\": \"" + u + "\"").orElse("")),
                "test");
        onCall.putSchedule(SECONDARY, "test");
        secrets.put("hook-key", "s3cret-hook-key".getBytes(StandardCharsets.UTF_8));
    }

    IncidentNotifier start(NotifySettings settings) {
        return start(settings, Clock.systemUTC());
    }

    /** A notifier whose clock may run ahead: a node that comes back after a while, without waiting that while. */
    IncidentNotifier start(NotifySettings settings, Clock clock) {
        Function<String, byte[]> lookup = name -> {
            byte[] s = secrets.get(name);
            return s == null ? null : s.clone();
        };
        NotificationListener listener = new NotificationListener() {
            @Override
            public void delivered(NotificationRecord n) {
                delivered.add(n);
            }

            @Override
            public void failed(NotificationRecord n) {
                failed.add(n);
            }
        };
        notifier = new IncidentNotifier(db, settings, onCall, onCall, id -> acknowledged, lookup, clock, listener);
        return notifier;
    }

    static IncidentNotice warning(long incident) {
        return IncidentNotice.deadline(
                incident,
                "Door locks flooding the broker",
                Severity.SEV1,
                false,
                "triaged",
                Instant.parse("2030-01-01T00:05:00Z"),
                Optional.empty());
    }

    static void await(BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 5 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    void stop() {
        if (notifier != null) {
            notifier.close();
            notifier = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
