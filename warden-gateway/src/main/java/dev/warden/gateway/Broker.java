package dev.warden.gateway;

import io.netty.handler.codec.mqtt.MqttProperties;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the rest of the gateway talks to for sessions, subscriptions, retained messages and routing; the work is done
 * by {@link SessionTable} (session lifecycle and wills), {@link SessionRestore}, {@link Subscriptions} (with
 * {@link SubscriptionIndex} and {@link SharedSubscriptions}), {@link MessageRouter} and {@link PublishFlow} (QoS flows
 * and acknowledgement order). All their state is confined to one broker thread; I/O threads hand work over through
 * the {@link BrokerInbox}. Connections decide authentication and iot:Connect/Publish/Subscribe before handing over;
 * the broker decides iot:Receive at delivery.
 *
 * <p>Persistent sessions (session expiry above zero), the wills their clients left waiting and retained messages
 * are recorded in the {@link SessionJournal} as they change and {@link #restore restored} at start. A QoS 1/2
 * PUBLISH that made a persistent session hold a new message, or that was retained, is acknowledged (PUBACK/PUBREC)
 * only once that is written; the acknowledgements of one connection keep their order, so later ones wait behind it
 * too.
 */
final class Broker {
    private final FlowCounters flowCounters;
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    private final ScheduledExecutorService loop;
    private final RetainedMessages retained;
    private final SessionTable sessions;
    private final Subscriptions subscriptions;
    private final MessageRouter router;
    private final PublishFlow publishes;
    private final SessionRestore restore;
    private final BrokerInbox inbox = new BrokerInbox(this::runAll);
    private final PublisherHolds holds;

    /** What a CONNECT asks of its session. */
    record Attach(boolean cleanStart, long sessionExpirySeconds, MqttProperties connAckProperties) {}

    /** One topic filter of a SUBSCRIBE, already validated and authorized, or the failure code to return. */
    record SubscribeRequest(Subscription subscription, int failureCode) {}

    Broker(
            ScheduledExecutorService loop,
            GatewayLimits limits,
            SlowConsumerPolicy slowConsumers,
            GatewayEvents events,
            FlowCounters counters,
            PublishListener listener,
            SessionJournal journal) {
        this.flowCounters = counters;
        this.loop = loop;
        this.retained = new RetainedMessages(limits.maxRetainedMessages(), journal);
        this.subscriptions = new Subscriptions(limits, events, retained);
        this.holds = new PublisherHolds(slowConsumers, counters);
        this.sessions = new SessionTable(
                loop,
                this::execute,
                limits,
                slowConsumers,
                holds,
                counters,
                journal,
                subscriptions,
                this::distribute,
                events);
        this.router = new MessageRouter(sessions, subscriptions, retained);
        this.publishes = new PublishFlow(journal, router, listener, holds);
        // Push-back is bounded in time even when no message comes to notice it.
        loop.scheduleWithFixedDelay(() -> run(() -> holds.expire(System.nanoTime())), 100, 100, TimeUnit.MILLISECONDS);
        this.restore = new SessionRestore(sessions, subscriptions, retained, journal, limits, this::distribute);
    }

    /** Runs {@code task} on the broker thread (from any thread but an I/O thread: those use {@link #inbox()}). */
    void execute(Runnable task) {
        loop.execute(() -> run(task));
    }

    /** How I/O threads hand work over: in batches, each connection's in order. */
    BrokerInbox inbox() {
        return inbox;
    }

    private void runAll(List<Runnable> tasks) {
        loop.execute(() -> tasks.forEach(Broker::run));
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("Broker task failed", e);
        }
    }

    /** Retains (if asked) and routes a message {@code thing} published (a will, here). */
    private void distribute(Message message, String thing) {
        router.distribute(message, thing);
    }

    // ---- sessions ----------------------------------------------------------------------------------------------

    void attach(MqttConnection connection, Attach request) {
        sessions.attach(connection, request);
    }

    /** The connection closed. {@code will} is null when none is due (clean DISCONNECT, revocation). */
    void detach(MqttConnection connection, Message will) {
        sessions.detach(connection, will, 0);
    }

    /**
     * The connection closed. The will waits {@code willDelaySeconds} (MQTT 5), or until the session ends if that
     * comes first, and is dropped if the client reconnects to its session in the meantime.
     */
    void detach(MqttConnection connection, Message will, long willDelaySeconds) {
        sessions.detach(connection, will, willDelaySeconds);
    }

    /** The connection's DISCONNECT (MQTT 5) set a new Session Expiry Interval; its detach comes right after. */
    void changeSessionExpiry(MqttConnection connection, long seconds) {
        Session session = connection.binding().current();
        if (session != null) {
            session.changeExpiry(seconds);
        }
    }

    /** Before any client connects and before {@link #restore}: the stored retained messages. */
    void restoreRetained(List<StoredRetained> stored) {
        restore.retained(stored);
    }

    /** Before any client connects: the stored sessions (see {@link SessionRestore#sessions}). */
    void restore(List<StoredSession> stored) {
        restore.sessions(stored);
    }

    /** Ends every session of the thing and deletes it from the store (see {@link SessionTable#dropThing}). */
    int dropThing(String thingName) {
        return sessions.dropThing(thingName);
    }

    /** Kicks every connection (server shutdown). */
    void disconnectAll() {
        sessions.disconnectAll();
    }

    /** The most QoS 1/2 messages any one session holds in its queue. */
    java.util.List<SubscriberDrops> drops(int limit) {
        return flowCounters.bySubscriber.snapshot(limit, sessions::isConnected);
    }

    int largestQueue() {
        return sessions.largestQueue();
    }

    // ---- packets of attached connections -----------------------------------------------------------------------

    void onPublish(MqttConnection connection, Message message, int packetId) {
        Session session = connection.binding().current();
        if (session != null) {
            publishes.onPublish(session, connection, message, packetId);
        }
    }

    /** Acknowledges a publish the connection refused (MQTT 5), in order with the accepted ones. */
    void refusePublish(MqttConnection connection, int packetId, boolean exactlyOnce, ReasonCode reason) {
        if (connection.binding().current() != null) {
            publishes.refuse(connection, packetId, exactlyOnce, reason);
        }
    }

    void onPubRel(MqttConnection connection, int packetId) {
        Session session = connection.binding().current();
        if (session != null) {
            publishes.onPubRel(session, connection, packetId);
        }
    }

    void onPubAck(MqttConnection connection, int packetId) {
        Session session = connection.binding().current();
        if (session != null) {
            session.onPubAck(packetId);
        }
    }

    void onPubRec(MqttConnection connection, int packetId, int reasonCode) {
        Session session = connection.binding().current();
        if (session != null) {
            ReasonCode release = session.onPubRec(packetId, reasonCode);
            if (release != null) {
                connection.write(Packets.pubRel(packetId, release));
            }
        }
    }

    void onPubComp(MqttConnection connection, int packetId) {
        Session session = connection.binding().current();
        if (session != null) {
            session.onPubComp(packetId);
        }
    }

    /** The connection's outbound buffer drained below its low-water mark: queued messages may flow again. */
    void onWritable(MqttConnection connection) {
        Session session = connection.binding().current();
        if (session != null) {
            session.resumeDelivery();
        }
    }

    void subscribe(MqttConnection connection, int packetId, List<SubscribeRequest> requests) {
        Session session = connection.binding().current();
        if (session != null) {
            subscriptions.subscribe(session, connection, packetId, requests);
        }
    }

    void unsubscribe(MqttConnection connection, int packetId, List<String> filters) {
        Session session = connection.binding().current();
        if (session != null) {
            subscriptions.unsubscribe(session, connection, packetId, filters);
        }
    }

    // ---- messages from the node --------------------------------------------------------------------------------

    /** Sends a message to one client only (see {@link MessageRouter#deliverTo}). */
    void deliverTo(String clientId, Message message) {
        router.deliverTo(clientId, message);
    }

    /** Deletes the retained messages the thing published (it was deleted or its data erased); returns how many. */
    int dropRetained(String thingName) {
        return retained.dropThing(thingName);
    }
}
