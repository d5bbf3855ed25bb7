package dev.warden.monitor.mitigation;

import dev.warden.gateway.BanTarget;
import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Records what the service asked of the node; a thing named in {@link #failing} makes every action on it throw. */
final class FakeTargets implements MitigationTargets {
    final List<String> calls = new ArrayList<>();
    final Map<String, List<LiveSession>> sessions = new ConcurrentHashMap<>();
    final List<String> failing = new ArrayList<>();

    private void call(String what, String thing) {
        if (failing.contains(thing)) {
            throw new MonitorException(MonitorReason.MITIGATION_FAILED, "no thing named '" + thing + "'");
        }
        calls.add(what + " " + thing);
    }

    @Override
    public boolean quarantine(String thing) {
        call("quarantine", thing);
        return true;
    }

    @Override
    public boolean release(String thing) {
        call("release", thing);
        return true;
    }

    @Override
    public int revokeCertificates(String thing) {
        call("revoke", thing);
        return 1;
    }

    @Override
    public int disableThing(String thing) {
        call("disable", thing);
        return 1;
    }

    @Override
    public List<LiveSession> liveSessions(String thing) {
        return sessions.getOrDefault(thing, List.of());
    }

    @Override
    public void ban(BanTarget target, Duration duration, String reason) {
        calls.add("ban " + target + " " + duration + " " + reason);
    }

    @Override
    public void raiseAuditDetail(String thing, Duration duration) {
        call("detail", thing);
    }
}
