package dev.warden.console;

import dev.warden.console.view.RegionsView;
import dev.warden.region.audit.ReceivedChain;
import dev.warden.region.audit.ShippingStatus;
import dev.warden.region.core.Deployment;
import dev.warden.region.core.Member;
import dev.warden.region.service.Regions;
import dev.warden.region.service.ReplicationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Regions page's figures, from what the node's regions report (the same sources as {@code GET /regions}). A
 * member's link is judged only from what this node itself observes: a member region reaches the control region's
 * change log and ships its audit chain to the audit region, and the audit region hears from every member; a region
 * this node has no traffic with is "not observed from here", never guessed reachable.
 */
final class RegionStatus {
    private RegionStatus() {}

    /** What the node's regions report at one moment; {@link #of} reads it, tests build it. */
    record Snapshot(
            String region,
            String node,
            String linkUrl,
            Optional<Deployment> deployment,
            List<Member> members,
            Optional<ReplicationStatus> replication,
            Optional<Long> iamLastSeq,
            Optional<ShippingStatus> shipping,
            List<ReceivedChain> received,
            List<Map<String, Object>> failovers) {
        static Snapshot of(Regions regions) {
            var service = regions.service();
            var central = regions.centralAudit();
            return new Snapshot(
                    service.local().identity().region(),
                    service.local().identity().node(),
                    service.local().linkUrl(),
                    service.deployment(),
                    service.members(),
                    regions.replication(),
                    regions.iamLastSeq(),
                    central.flatMap(c -> c.shipping()),
                    central.map(c -> c.received()).orElse(List.of()),
                    regions.failover().map(f -> f.status()).orElse(List.of()));
        }
    }

    /** A node without region links: a single region. */
    static RegionsView.Status linksOff(String region) {
        return single(region, "", "", "Region links are off on this node (region-links: on enables them).");
    }

    static RegionsView.Status of(Snapshot s, Instant now) {
        if (s.deployment().isEmpty()) {
            return single(
                    s.region(), s.node(), s.linkUrl(), "Region links are on, but this node has joined no deployment.");
        }
        Deployment d = s.deployment().get();
        return new RegionsView.Status(
                false,
                "",
                s.region(),
                s.node(),
                s.linkUrl(),
                d.id(),
                role(s, d),
                d.controlRegion(),
                d.auditRegion(),
                iam(s, d, now),
                s.shipping().map(sh -> shipping(sh, now)).orElse(null),
                s.received().stream()
                        .sorted(Comparator.comparing(ReceivedChain::region))
                        .map(RegionStatus::received)
                        .toList(),
                s.members().stream()
                        .sorted(Comparator.comparing(Member::region))
                        .map(m -> member(m, s, d, now))
                        .toList(),
                s.failovers().stream().map(RegionStatus::failover).toList());
    }

    private static RegionsView.Status single(String region, String node, String linkUrl, String reason) {
        return new RegionsView.Status(
                true,
                reason,
                region,
                node,
                linkUrl,
                "",
                "single region",
                "",
                "",
                null,
                null,
                List.of(),
                List.of(),
                List.of());
    }

    /** Control or member, and audit and standby where this region is those too. */
    static String role(Snapshot s, Deployment d) {
        List<String> roles = new ArrayList<>();
        roles.add(d.isControl() ? "control" : "member");
        if (d.auditRegion().equals(s.region())) {
            roles.add("audit");
        }
        List<String> standbyFor = s.members().stream()
                .filter(m -> m.active()
                        && m.standby().equals(s.region())
                        && !m.region().equals(s.region()))
                .map(Member::region)
                .sorted()
                .toList();
        if (!standbyFor.isEmpty()) {
            roles.add("standby for " + String.join(", ", standbyFor));
        }
        return String.join(", ", roles);
    }

    private static RegionsView.Iam iam(Snapshot s, Deployment d, Instant now) {
        if (d.isControl() || s.replication().isEmpty()) {
            String last = s.iamLastSeq().map(String::valueOf).orElse("");
            return new RegionsView.Iam("writes the IAM change log", last, last, "0", "none (the source)", "", "", "");
        }
        ReplicationStatus r = s.replication().get();
        return new RegionsView.Iam(
                "applies the control region's IAM changes",
                String.valueOf(r.appliedSeq()),
                String.valueOf(r.controlSeq()),
                String.valueOf(Math.max(0, r.controlSeq() - r.appliedSeq())),
                age(r.staleness()),
                r.connected() ? "reachable" : "unreachable",
                contact(r.lastContact(), now),
                text(r.lastError()));
    }

    private static RegionsView.Shipping shipping(ShippingStatus sh, Instant now) {
        return new RegionsView.Shipping(
                sh.auditRegion(),
                sh.shippedSeq(),
                sh.localSeq(),
                age(sh.lag()),
                sh.connected() ? "reachable" : "unreachable",
                contact(sh.lastShippedAt(), now),
                text(sh.lastError()));
    }

    private static RegionsView.Received received(ReceivedChain r) {
        return new RegionsView.Received(
                r.region(),
                r.lastSeq(),
                r.lastDigestSeq(),
                r.lastReceivedAt() == null ? "not this run" : r.lastReceivedAt().toString(),
                age(r.lastBatchLag()),
                text(r.lastRefusal()));
    }

    /** One member, with its link as this node observes it. */
    static RegionsView.Member member(Member m, Snapshot s, Deployment d, Instant now) {
        Link link = link(m, s, d, now);
        return new RegionsView.Member(
                m.region(),
                m.node(),
                m.active() ? "active" : "left",
                m.standby(),
                m.joinedAt().toString(),
                link.state(),
                link.down(),
                link.lastContact(),
                link.via());
    }

    private record Link(String state, boolean down, String lastContact, String via) {}

    private static Link link(Member m, Snapshot s, Deployment d, Instant now) {
        if (m.region().equals(s.region())) {
            return new Link("this node", false, "", "");
        }
        if (!m.active()) {
            return new Link("left the deployment", false, "", "");
        }
        List<String> down = new ArrayList<>();
        List<String> up = new ArrayList<>();
        Instant last = null;
        if (m.region().equals(d.controlRegion()) && s.replication().isPresent()) {
            ReplicationStatus r = s.replication().get();
            (r.connected() ? up : down).add("IAM change log");
            last = latest(last, r.lastContact());
        }
        if (s.shipping().isPresent() && m.region().equals(s.shipping().get().auditRegion())) {
            ShippingStatus sh = s.shipping().get();
            (sh.connected() ? up : down).add("audit shipping");
            last = latest(last, sh.lastShippedAt());
        }
        if (!down.isEmpty()) {
            return new Link("unreachable", true, contact(last, now), String.join(", ", down));
        }
        if (!up.isEmpty()) {
            return new Link("reachable", false, contact(last, now), String.join(", ", up));
        }
        Optional<ReceivedChain> heard = s.received().stream()
                .filter(r -> r.region().equals(m.region()) && r.lastReceivedAt() != null)
                .findFirst();
        if (heard.isPresent()) {
            return new Link("heard from", false, contact(heard.get().lastReceivedAt(), now), "its audit batches");
        }
        return new Link("not observed from here", false, "", "this region has no link traffic with it");
    }

    private static RegionsView.Failover failover(Map<String, Object> row) {
        Object declaredAt = row.get("declaredAt");
        return new RegionsView.Failover(
                String.valueOf(row.get("region")),
                String.valueOf(row.get("state")),
                String.valueOf(row.get("replicaDevices")),
                row.get("replicaSyncedAt") == null ? "never" : String.valueOf(row.get("replicaSyncedAt")),
                declaredAt == null ? "" : declaredAt + " by " + row.get("declaredBy"),
                String.valueOf(row.get("guestsConnected")));
    }

    private static Instant latest(Instant a, Instant b) {
        if (b == null || b.toEpochMilli() == 0) {
            return a;
        }
        return a == null || b.isAfter(a) ? b : a;
    }

    /** When, and how long ago; "never" for none (the stores keep the epoch for never). */
    static String contact(Instant at, Instant now) {
        if (at == null || at.toEpochMilli() == 0) {
            return "never";
        }
        return at + " (" + age(Duration.between(at, now).isNegative() ? Duration.ZERO : Duration.between(at, now))
                + " ago)";
    }

    /** A duration as an operator reads it: 0 s, 42 s, 3 min 4 s, 2 h 5 min, 3 d 4 h. */
    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3_600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        if (s < 86_400) {
            return s / 3_600 + " h " + s % 3_600 / 60 + " min";
        }
        return s / 86_400 + " d " + s % 86_400 / 3_600 + " h";
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
