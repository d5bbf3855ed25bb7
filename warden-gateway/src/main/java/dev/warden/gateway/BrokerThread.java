package dev.warden.gateway;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's broker thread ({@code mqtt-broker}) with the {@link Broker} it runs and the {@link SessionJournal} it
 * feeds, for one run of the gateway: its start and stop, and the calls from other threads that wait for its answer
 * (each bounded, so a stuck broker thread cannot hang an operator's request).
 */
final class BrokerThread {
    /** Logs under {@link MqttGateway}, as before it was split off, so log settings keep applying. */
    private static final Logger LOG = LoggerFactory.getLogger(MqttGateway.class);

    private final ScheduledExecutorService thread;
    private final SessionJournal journal;
    private final Broker broker;

    BrokerThread(
            ThreadFactory threads,
            GatewayConfig config,
            GatewayEvents events,
            FlowCounters flowCounters,
            PublishListener publishes,
            SessionStore sessionStore) {
        thread = Executors.newSingleThreadScheduledExecutor(threads);
        journal = new SessionJournal(sessionStore);
        broker = new Broker(
                thread, config.limits(), config.firewall().slowConsumers(), events, flowCounters, publishes, journal);
    }

    Broker broker() {
        return broker;
    }

    /**
     * Loads the stored retained messages and sessions into the broker before anything listens, so no client sees a
     * half-restored state.
     */
    void restore(SessionStore sessionStore) {
        List<StoredRetained> retained = sessionStore.loadRetained();
        List<StoredSession> stored = sessionStore.loadAll();
        journal.start();
        Broker b = broker;
        call(() -> {
            b.restoreRetained(retained);
            b.restore(stored);
            return null;
        });
    }

    /** Hands {@code message} to the broker for one client only ({@link MqttGateway#publishToClient}). */
    void deliverTo(String clientId, Message message) {
        Broker b = broker;
        b.execute(() -> b.deliverTo(clientId, message));
    }

    /** Runs {@code drop} on the broker thread, then waits until the store has written what it recorded. */
    int dropAndAwaitStore(ToIntFunction<Broker> drop, String what, String thingName) {
        Broker b = broker;
        int dropped = call(() -> drop.applyAsInt(b));
        try {
            if (!journal.awaitIdle(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(
                        "session store did not finish deleting the " + what + " of " + thingName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return dropped;
    }

    private <T> T call(Callable<T> task) {
        try {
            return thread.submit(task).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker thread", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("broker thread did not answer", e);
        }
    }

    /** The subscribers that had messages dropped, most first, at most {@code limit}; empty if interrupted. */
    List<SubscriberDrops> subscriberDrops(int limit) {
        Broker b = broker;
        try {
            return thread.submit(() -> b.drops(limit)).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("broker thread did not answer", e);
        }
    }

    /** Longest session queue now (QoS 1/2 messages waiting); -1 if interrupted. */
    int largestSessionQueue() {
        try {
            return thread.submit(broker::largestQueue).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("broker thread did not answer", e);
        }
    }

    /** Best effort: MQTT 5 clients learn why the connection ends before the event loops close it. */
    void disconnectAll() {
        Broker b = broker;
        try {
            thread.submit(b::disconnectAll).get(1, TimeUnit.SECONDS);
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("Could not notify clients of the shutdown: {}", e.toString());
        }
    }

    /** Runs what is queued (up to a second), stops the thread, then closes the journal. Call after the I/O loops. */
    void stop() {
        // The closed connections' detaches are queued by now; letting them run records when each went offline.
        try {
            thread.submit(() -> {}).get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("Broker thread did not drain before shutdown: {}", e.toString());
        }
        thread.shutdownNow();
        // After the broker stopped: what it recorded until then is written before stop() returns.
        journal.close();
    }
}
