package dev.warden.gateway;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Records gateway events as short strings, e.g. {@code denied dev-a iot:Publish arn:...:topic/devices/dev-b/x}. */
final class RecordingEvents implements GatewayEvents {
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void connected(DeviceIdentity identity, String clientId, String sourceIp, String protocol) {
        events.add("connected " + clientId + " " + protocol);
    }

    @Override
    public void disconnected(
            DeviceIdentity identity, String clientId, DisconnectCause cause, MessageCounters counters) {
        events.add("disconnected " + clientId + " " + cause);
    }

    @Override
    public void sessionTakenOver(
            String clientId,
            DeviceIdentity previous,
            String previousSourceIp,
            DeviceIdentity next,
            String nextSourceIp) {
        events.add("taken-over " + clientId + " from " + previous.thingName() + " " + previous.serialHex() + " "
                + previousSourceIp + " by " + next.thingName() + " " + next.serialHex() + " " + nextSourceIp);
    }

    @Override
    public void tlsHandshakeFailed(String sourceIp, String reason) {
        events.add("tls-failed " + sourceIp + " " + reason);
    }

    @Override
    public void authenticationFailed(
            String sourceIp,
            String clientId,
            String serialHex,
            AuthenticationResult.RejectionReason reason,
            String detail) {
        events.add("authentication-failed " + clientId + " " + reason);
    }

    @Override
    public void connectRedirected(
            String sourceIp, String clientId, String serialHex, AuthenticationResult.Redirected redirect) {
        events.add("redirected " + clientId + " " + redirect.reason() + " to " + redirect.serverReference());
    }

    @Override
    public void authorizationDenied(
            DeviceIdentity identity, String clientId, String action, String resource, String explanation) {
        events.add("denied " + clientId + " " + action + " " + resource);
    }

    @Override
    public void subscribed(String clientId, String topicFilter, int grantedQos) {
        events.add("subscribed " + clientId + " " + topicFilter);
    }

    @Override
    public void connectionRefused(InetSocketAddress source, String reason) {
        events.add("refused " + source.getAddress().getHostAddress() + " " + reason);
    }

    @Override
    public void banned(BanTarget target, Duration duration, String reason, boolean manual) {
        events.add("banned " + target.value() + " " + duration + " " + reason);
    }

    @Override
    public void banLifted(BanTarget target, boolean expired) {
        events.add((expired ? "ban-expired " : "unbanned ") + target.value());
    }

    void clear() {
        events.clear();
    }

    List<String> all() {
        return List.copyOf(events);
    }

    /** Waits until an event starting with {@code prefix} was recorded; fails the test after {@code timeout}. */
    String await(String prefix, Duration timeout) {
        return await(e -> e.startsWith(prefix), prefix, timeout);
    }

    String await(Predicate<String> match, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String e : events) {
                if (match.test(e)) {
                    return e;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no event '" + what + "' within " + timeout + "; recorded: " + events);
    }
}
