package dev.warden.node;

import dev.warden.gateway.MqttGateway;
import dev.warden.pki.RevocationReason;
import dev.warden.region.failover.Failover;
import dev.warden.region.failover.GuestData;
import dev.warden.region.failover.GuestSessions;
import dev.warden.region.failover.RevocationSink;
import dev.warden.registry.CertificateService;
import dev.warden.registry.RegistryException;
import dev.warden.registry.residency.DeviceStatusExport;
import dev.warden.registry.store.ThingDao;
import dev.warden.storage.Database;
import dev.warden.telemetry.TelemetryMessage;
import dev.warden.telemetry.TelemetrySegment;
import dev.warden.telemetry.TelemetryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What failover needs of this node: its registry (the device status its standby replicates, and whether a thing name
 * is taken here), its telemetry store (where a standby keeps a failed-over region's data under guest names, and where
 * a home region stores what is handed back, under its own keys), and its gateway's sessions.
 */
final class NodeFailover implements GuestData {
    private static final Instant END = Instant.ofEpochMilli(Long.MAX_VALUE);

    private final TelemetryStore telemetry;

    private NodeFailover(TelemetryStore telemetry) {
        this.telemetry = telemetry;
    }

    static Failover.Backends backends(
            Database database,
            TelemetryStore telemetry,
            CertificateService certificates,
            Supplier<MqttGateway> gateway) {
        DeviceStatusExport export = new DeviceStatusExport(database);
        return new Failover.Backends(
                export::snapshot,
                name -> database.read(h -> new ThingDao(h).find(name)).isPresent(),
                new NodeFailover(telemetry),
                (thing, messages) -> telemetry.restore(
                        thing,
                        messages.stream()
                                .map(m -> new TelemetryMessage(
                                        "",
                                        thing,
                                        "",
                                        Instant.ofEpochMilli(m.receivedAtMillis()),
                                        m.topic(),
                                        m.payload()))
                                .toList()),
                (serial, reason) -> revoke(certificates, serial, reason),
                () -> sessions(gateway.get()));
    }

    /** Revokes a certificate its standby revoked while this region was down, as an operator here would. */
    private static RevocationSink.Outcome revoke(CertificateService certificates, String serial, String reason) {
        try {
            certificates.revoke(serial, RevocationReason.parse(reason));
            return RevocationSink.Outcome.REVOKED;
        } catch (RegistryException e) {
            return switch (e.reason()) {
                case ALREADY_REVOKED -> RevocationSink.Outcome.ALREADY_REVOKED;
                case UNKNOWN_CERTIFICATE -> RevocationSink.Outcome.UNKNOWN;
                default -> throw e;
            };
        }
    }

    private static GuestSessions sessions(MqttGateway gateway) {
        if (gateway == null) {
            return GuestSessions.NONE;
        }
        return new GuestSessions() {
            @Override
            public int sendHome(String homeRegion, String serverReference) {
                return gateway.sessions().sendGuestsHome(homeRegion, serverReference);
            }

            @Override
            public int count(String homeRegion) {
                return gateway.sessions().guestCount(homeRegion);
            }

            @Override
            public int disconnect(String homeRegion, String serialHex) {
                return gateway.sessions().disconnectGuest(homeRegion, serialHex);
            }
        };
    }

    @Override
    public List<String> things(String homeRegion) {
        String prefix = homeRegion + "/";
        return telemetry.guestThings(homeRegion).stream()
                .map(t -> t.substring(prefix.length()))
                .toList();
    }

    @Override
    public List<Segment> segments(String homeRegion, String thing, int limit) {
        List<Segment> out = new ArrayList<>();
        for (TelemetrySegment s :
                telemetry.storedSegments(TelemetryStore.guestThing(homeRegion, thing), Instant.EPOCH, END, limit)) {
            List<Message> messages = new ArrayList<>();
            for (TelemetryMessage m : telemetry.open(s)) {
                messages.add(new Message(m.topic(), m.receivedAt().toEpochMilli(), m.payload()));
            }
            out.add(new Segment(s.id(), messages));
        }
        return out;
    }

    @Override
    public void delete(String homeRegion, String thing, List<String> segmentIds) {
        telemetry.deleteSegments(TelemetryStore.guestThing(homeRegion, thing), segmentIds);
    }
}
