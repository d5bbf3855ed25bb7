package dev.warden.region.service;

import dev.warden.audit.AuditKeys;
import dev.warden.audit.NodeAudit;
import dev.warden.audit.store.AuditStore;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.audit.CentralAudit;
import dev.warden.region.core.Deployment;
import dev.warden.region.failover.Failover;
import dev.warden.region.failover.FailoverStore;
import dev.warden.region.forward.AdminForwarding;
import dev.warden.region.forward.IamContainment;
import dev.warden.region.forward.LocalAdmin;
import dev.warden.region.link.LinkServer;
import dev.warden.region.link.LinkTls;
import dev.warden.region.replication.ObjectReplication;
import dev.warden.region.store.RegionStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A node's regions, running: the link server, the membership, and whichever side of IAM replication this node is on
 * (the change log while it is a control region or on its own, the replica while it is a member). Joining and leaving
 * switch sides here.
 */
public final class Regions implements AutoCloseable {
    private final RegionStore store;
    private final RegionService service;
    private final ChangeSigner signer;
    private final Clock clock;
    private volatile IamChangeLog changeLog;
    private final IamReplica replica;
    private final LinkServer server;
    private final NodeAudit audit;
    private volatile CentralAudit centralAudit;
    private volatile Failover failover;
    private volatile AdminForwarding forwarding;
    private volatile IamContainment containment;
    private final ObjectReplication replication;

    private Regions(
            RegionStore store,
            RegionService service,
            ChangeSigner signer,
            RegionEvents events,
            NodeAudit audit,
            Runnable onIamApplied,
            Clock clock,
            LinkServer.Settings link) {
        this.store = store;
        this.service = service;
        this.signer = signer;
        this.clock = clock;
        this.audit = audit;
        if (store.deployment().map(Deployment::isControl).orElse(true)) {
            changeLog = new IamChangeLog(store, signer, clock).start();
        }
        replication = new ObjectReplication(
                service.local().identity().account(),
                service.local().identity().region(),
                service::jurisdictions,
                service::activeMember,
                service::memberClient,
                audit);
        replica = new IamReplica(store, service::controlClient, events, onIamApplied, service::refreshMembers, clock)
                .start();
        server = new LinkServer(
                        LinkTls.serverContext(
                                service.local().linkKey(), service.local().chain(), service::memberRoots),
                        link,
                        service.local().identity().account(),
                        service::memberRoot,
                        LinkHandlers.of(
                                service,
                                () -> changeLog,
                                () -> centralAudit,
                                replication,
                                () -> failover,
                                () -> forwarding,
                                () -> containment))
                .start();
    }

    /**
     * Starts the link server on {@code link} and the side of IAM replication this node is on.
     *
     * @param onIamApplied run after replicated IAM changes were applied (drops caches built from the old IAM)
     */
    public static Regions start(
            RegionStore store,
            LocalNode local,
            ChangeSigner signer,
            NodeAudit audit,
            LinkServer.Settings link,
            Runnable onIamApplied,
            SecureRandom random,
            Clock clock) {
        RegionEvents events = new RegionEvents(
                audit, local.identity().account(), local.identity().region());
        RegionService service = new RegionService(store, local, signer.publicKey(), events, random, clock);
        return new Regions(store, service, signer, events, audit, onIamApplied, clock, link);
    }

    public RegionService service() {
        return service;
    }

    public int linkPort() {
        return server.port();
    }

    /** A join token for {@code region} (this node becomes a control region if it was on its own). */
    public String createJoinToken(String region, Duration ttl) {
        return service.createJoinToken(region, ttl);
    }

    /** Joins a deployment: this node's IAM follows the control region's from now on. */
    public synchronized Deployment join(String token, Optional<String> controlUrl) {
        Deployment joined = service.join(token, controlUrl);
        IamChangeLog own = changeLog;
        changeLog = null;
        if (own != null) {
            own.close();
        }
        return joined;
    }

    /** Leaves the deployment: this node is a region on its own again, with IAM of its own. */
    public synchronized void leave() {
        service.leave();
        changeLog = new IamChangeLog(store, signer, clock).start();
    }

    /** Bucket replication over the links: sending replicas, and receiving them once the node serves a sink. */
    public ObjectReplication objects() {
        return replication;
    }

    /** The member's replication state; empty in a control region or a region on its own. */
    public Optional<ReplicationStatus> replication() {
        return store.deployment().filter(d -> !d.isControl()).map(d -> replica.status());
    }

    /** The control region's last IAM change, when this node writes the log. */
    public Optional<Long> iamLastSeq() {
        return Optional.ofNullable(changeLog).map(IamChangeLog::lastSeq);
    }

    /** IAM may have changed here: the change log captures it soon. */
    public void iamChanged() {
        IamChangeLog log = changeLog;
        if (log != null) {
            log.signal();
        }
    }

    /** Refuses a change of replicated IAM in a member region, naming the control region where it belongs. */
    public void requireIamWritable() {
        Optional<Deployment> d = store.deployment();
        if (d.isPresent() && !d.get().isControl()) {
            throw new RegionException(
                    RegionReason.IAM_READ_ONLY_REGION,
                    "IAM is changed in the control region, " + d.get().controlRegion()
                            + "; this region applies its changes");
        }
    }

    // Central audit (issue 24): this region's chain shipped to the audit region, the other regions' received there.

    /**
     * Starts central audit: this node sends its audit keys when it joins, ships its trail when it is a member, and
     * receives the members' chains when it is the audit region. Call once, after {@link #start}.
     *
     * @param trail this region's audit trail
     * @param keys  this region's audit-signing key list (public material)
     */
    public synchronized CentralAudit startCentralAudit(AuditStore trail, Supplier<AuditKeys> keys) {
        if (centralAudit == null) {
            service.sendAuditKeysOnJoin(keys);
            centralAudit = CentralAudit.start(
                    service.local().identity().region(), store, trail, keys, service::memberClient, audit, clock);
        }
        return centralAudit;
    }

    /** Central audit, once started. */
    public Optional<CentralAudit> centralAudit() {
        return Optional.ofNullable(centralAudit);
    }

    /**
     * Starts failover: the replica of the regions that name this one their standby, and both sides of failover and
     * failback over the links. Call once, after {@link #start}, once the node's registry, telemetry and gateway exist.
     */
    public synchronized Failover startFailover(Failover.Backends backends) {
        if (failover == null) {
            failover = new Failover(service, new FailoverStore(store.database()), backends, audit, clock).start();
        }
        return failover;
    }

    /**
     * Starts forwarding of admin requests between regions: {@code local} runs a request forwarded here from another
     * region through this node's own admin API.
     */
    public synchronized AdminForwarding startForwarding(LocalAdmin local) {
        if (forwarding == null) {
            forwarding = new AdminForwarding(
                    service.local().identity().account(),
                    service.local().identity().region(),
                    service::activeMember,
                    service::memberClient,
                    local,
                    audit);
        }
        return forwarding;
    }

    /**
     * Starts playbook containment over the links: in a member, a playbook's principal change is asked of the control
     * region; in the control region, {@code principals} makes the changes members ask for. Call once, after
     * {@link #start}.
     */
    public synchronized IamContainment startContainment(IamContainment.Principals principals) {
        if (containment == null) {
            containment = new IamContainment(
                    service.local().identity().account(),
                    service.local().identity().region(),
                    store::deployment,
                    service::controlClient,
                    principals,
                    audit,
                    this::iamChanged);
        }
        return containment;
    }

    /** Playbook containment, once started. */
    public Optional<IamContainment> containment() {
        return Optional.ofNullable(containment);
    }

    /** Forwarding, once started. */
    public Optional<AdminForwarding> forwarding() {
        return Optional.ofNullable(forwarding);
    }

    /** Failover, once started. */
    public Optional<Failover> failover() {
        return Optional.ofNullable(failover);
    }

    @Override
    public void close() {
        Failover running = failover;
        if (running != null) {
            running.close();
        }
        server.close();
        replica.close();
        IamChangeLog log = changeLog;
        if (log != null) {
            log.close();
        }
        CentralAudit audited = centralAudit;
        if (audited != null) {
            audited.close();
        }
    }
}
