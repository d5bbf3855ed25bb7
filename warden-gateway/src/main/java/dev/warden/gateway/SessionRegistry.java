package dev.warden.gateway;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live connections, for cutting devices off. A connection is registered as soon as its TLS handshake completes, so a
 * revocation reaches connections that are still authenticating too. Thread-safe; both methods return at once and
 * the connections close within milliseconds (MQTT 5 clients get DISCONNECT 0x87 Not authorized first).
 */
public final class SessionRegistry {
    private final Set<MqttConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong revocationEpoch = new AtomicLong();

    SessionRegistry() {}

    /**
     * Closes every connection made with the certificate of this serial number.
     *
     * @param serialHex the serial in hex, any case, leading zeros allowed
     * @return how many connections were closed
     */
    public int disconnectBySerial(String serialHex) {
        BigInteger serial = new BigInteger(serialHex, 16);
        revocationEpoch.incrementAndGet();
        int count = 0;
        for (MqttConnection c : connections) {
            if (c.hasCertificateSerial(serial)) {
                c.kick(DisconnectCause.REVOKED, ReasonCode.NOT_AUTHORIZED);
                count++;
            }
        }
        return count;
    }

    /**
     * Closes every connection of a failed-over region's device served here with the certificate of this serial: it
     * was revoked in this region while its home is down. Local devices are never matched, whatever their serial.
     */
    public int disconnectGuest(String homeRegion, String serialHex) {
        BigInteger serial = new BigInteger(serialHex, 16);
        revocationEpoch.incrementAndGet();
        int count = 0;
        for (MqttConnection c : connections) {
            DeviceIdentity identity = c.identity();
            if (identity != null && identity.homeRegion().equals(homeRegion) && c.hasCertificateSerial(serial)) {
                c.kick(DisconnectCause.REVOKED, ReasonCode.NOT_AUTHORIZED);
                count++;
            }
        }
        return count;
    }

    /** Closes every connection of this thing (its policies or certificates changed, or it was deleted). */
    public int disconnectThing(String thingName) {
        revocationEpoch.incrementAndGet();
        int count = 0;
        for (MqttConnection c : connections) {
            DeviceIdentity identity = c.identity();
            if (identity != null && identity.thingName().equals(thingName)) {
                c.kick(DisconnectCause.REVOKED, ReasonCode.NOT_AUTHORIZED);
                count++;
            }
        }
        return count;
    }

    /**
     * Ends the authenticated connection that uses client ID {@code clientId} (an operator's action, as AWS IoT's
     * DeleteConnection): MQTT 5 clients get DISCONNECT 0x98 Administrative action. Its session stays, as after any
     * disconnection; the device may connect again.
     *
     * @return how many connections were closed (0 or 1: a client ID has one connection at a time)
     */
    public int disconnectClient(String clientId) {
        int count = 0;
        for (MqttConnection c : connections) {
            if (c.identity() != null && clientId.equals(c.clientId()) && c.isActive()) {
                c.kick(DisconnectCause.ADMINISTRATIVE_ACTION, ReasonCode.ADMINISTRATIVE_ACTION);
                count++;
            }
        }
        return count;
    }

    /**
     * Sends every connection of a device of {@code homeRegion} served here (a failed-over region's, see
     * {@link DeviceIdentity#homeRegion()}) to {@code serverReference}: its region is back.
     *
     * @return how many connections were sent
     */
    public int sendGuestsHome(String homeRegion, String serverReference) {
        int count = 0;
        for (MqttConnection c : connections) {
            DeviceIdentity identity = c.identity();
            if (identity != null && identity.homeRegion().equals(homeRegion)) {
                c.sendElsewhere(serverReference);
                count++;
            }
        }
        return count;
    }

    /** How many connections of devices of {@code homeRegion} are served here. */
    public int guestCount(String homeRegion) {
        int count = 0;
        for (MqttConnection c : connections) {
            DeviceIdentity identity = c.identity();
            if (identity != null && identity.homeRegion().equals(homeRegion)) {
                count++;
            }
        }
        return count;
    }

    /**
     * One authenticated connection of a thing: the client ID it connected with, the address it came from and when its
     * CONNECT was accepted.
     */
    public record LiveSession(String clientId, String sourceIp, java.time.Instant since) {}

    /**
     * The authenticated, still open connections of {@code thingName}: where a device connects from and with which
     * client IDs, for the monitor's mitigations (a ban of its address or client ID).
     */
    public List<LiveSession> sessionsOf(String thingName) {
        List<LiveSession> live = new ArrayList<>();
        for (MqttConnection c : connections) {
            DeviceIdentity identity = c.identity();
            String clientId = c.clientId();
            if (identity != null
                    && clientId != null
                    && c.isActive()
                    && identity.thingName().equals(thingName)) {
                live.add(
                        new LiveSession(clientId, c.sourceIp(), java.time.Instant.ofEpochMilli(c.connectedAtMillis())));
            }
        }
        return live;
    }

    /**
     * The traffic of every authenticated connection so far, keyed by connection: the node turns the differences
     * between two snapshots into per-device summaries for the audit trail instead of recording every publish.
     */
    public Map<Object, ConnectionTraffic> traffic() {
        Map<Object, ConnectionTraffic> snapshot = new IdentityHashMap<>();
        for (MqttConnection c : connections) {
            DeviceIdentity identity = c.identity();
            if (identity != null) {
                snapshot.put(
                        c,
                        new ConnectionTraffic(
                                identity, c.counters().snapshot(), c.counters().drainTopics()));
            }
        }
        return snapshot;
    }

    /**
     * The message counters of every authenticated connection, keyed by connection, without draining anything: for
     * readers other than the traffic summaries (monitoring polls it every second).
     */
    public Map<Object, ConnectionCount> counters() {
        Map<Object, ConnectionCount> snapshot = new IdentityHashMap<>();
        for (MqttConnection c : connections) {
            DeviceIdentity identity = c.identity();
            if (identity != null) {
                snapshot.put(c, new ConnectionCount(identity, c.counters().snapshot()));
            }
        }
        return snapshot;
    }

    /** One connection's device and its message counters so far. */
    public record ConnectionCount(DeviceIdentity identity, MessageCounters counters) {}

    /** One connection's device and its counters. */
    /**
     * @param topics the topics published and filters subscribed since the previous {@link #traffic()} call (each
     *               call drains them: meant for one periodic reader, the node's traffic summaries)
     */
    public record ConnectionTraffic(DeviceIdentity identity, MessageCounters counters, ObservedTopics topics) {}

    /** Connections past the TLS handshake, authenticated or not yet. */
    public int connectionCount() {
        return connections.size();
    }

    /** The most bytes any one connection has waiting to be sent, for tests of memory bounds. */
    long largestPendingOutboundBytes() {
        long largest = 0;
        for (MqttConnection c : connections) {
            largest = Math.max(largest, c.pendingOutboundBytes());
        }
        return largest;
    }

    void add(MqttConnection connection) {
        connections.add(connection);
    }

    void remove(MqttConnection connection) {
        connections.remove(connection);
    }

    /** Changes with every disconnect call, so an authentication racing with one can tell and run again. */
    long revocationEpoch() {
        return revocationEpoch.get();
    }
}
