package dev.warden.node.incident;

import dev.warden.audit.AuditQuery;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.store.AuditStore;
import dev.warden.gateway.BanTarget;
import dev.warden.iam.store.Scope;
import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import dev.warden.incident.playbook.ActionResult;
import dev.warden.incident.playbook.Operation;
import dev.warden.incident.playbook.Param;
import dev.warden.incident.playbook.PlaybookActions;
import dev.warden.incident.playbook.Selector;
import dev.warden.incident.playbook.Step;
import dev.warden.incident.playbook.Target;
import dev.warden.incident.playbook.TargetArns;
import dev.warden.kms.SecretArns;
import dev.warden.kms.SecretRotator;
import dev.warden.kms.SecretsManager;
import dev.warden.kms.rotation.HmacKeyRotator;
import dev.warden.kms.rotation.RandomPasswordRotator;
import dev.warden.monitor.mitigation.MitigationTargets;
import dev.warden.pki.RevocationReason;
import dev.warden.region.RegionException;
import dev.warden.region.forward.IamContainment;
import dev.warden.registry.CertificateService;
import dev.warden.registry.RegistryException;
import dev.warden.registry.RegistryReason;
import dev.warden.registry.store.PolicyVersion;
import dev.warden.telemetry.TelemetrySegment;
import dev.warden.telemetry.TelemetryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Playbook operations over the node's services. Containment of things reuses the monitor's
 * {@link MitigationTargets} (the same quarantine group, revocation and firewall bans as an alarm's mitigation); the
 * services record their own audit events, the runner records the step in the incident's timeline.
 */
public final class NodePlaybookActions implements PlaybookActions {
    /** Who the firewall lists as having made a playbook's bans. */
    public static final String BAN_REASON = "incident playbook";

    static final Duration DEFAULT_BAN = Duration.ofHours(24);
    private static final int LOOKUP_LIMIT = 200;

    private final MitigationTargets targets;
    private final CertificateService certificates;
    private final SecretsManager secrets;
    private final AuditStore audit;
    private final TelemetryStore telemetry;
    private final PlaybookBackends backends;
    private final PlaybookPrincipals principals;
    private final TargetArns arns;
    private final String region;
    private final String account;
    private final Clock clock;

    public NodePlaybookActions(
            MitigationTargets targets,
            CertificateService certificates,
            SecretsManager secrets,
            AuditStore audit,
            TelemetryStore telemetry,
            PlaybookBackends backends,
            String region,
            String account,
            Clock clock) {
        this.targets = targets;
        this.certificates = certificates;
        this.secrets = secrets;
        this.audit = audit;
        this.telemetry = telemetry;
        this.backends = backends;
        this.principals = new PlaybookPrincipals(backends.users(), backends.services());
        this.region = region;
        this.account = account;
        this.arns = new TargetArns(region, account);
        this.clock = clock;
    }

    /**
     * A device the incident calls compromised had its key copied or taken: its certificates are revoked for key
     * compromise (monitoring's own mitigation, short of an incident, only withdraws the privilege).
     */
    private int revokeThing(String thing) {
        if (certificates == null) {
            throw new IllegalStateException("the certificate service is not running");
        }
        return certificates.revokeThing(thing, RevocationReason.KEY_COMPROMISE).size();
    }

    @Override
    public ActionResult perform(Operation operation, Target target, Step step) {
        return perform(-1, operation, target, step);
    }

    @Override
    public ActionResult perform(long incidentId, Operation operation, Target target, Step step) {
        switch (operation) {
            case QUARANTINE:
                return targets.quarantine(target.value())
                        ? ActionResult.changed("quarantined")
                        : ActionResult.unchanged("already in quarantine");
            case REVOKE_THING_CERTIFICATES:
                int revoked = revokeThing(target.value());
                return revoked > 0
                        ? ActionResult.changed(revoked + " certificate(s) revoked, live sessions cut")
                        : ActionResult.unchanged("no certificate left to revoke");
            case REVOKE_CERTIFICATE:
                return revokeCertificate(target.value());
            case BAN_ADDRESS:
                Duration d = step.duration(Param.DURATION).orElse(DEFAULT_BAN);
                targets.ban(BanTarget.ip(target.value()), d, BAN_REASON + " " + step.id());
                return ActionResult.changed("banned for " + d);
            case LOOKUP_EVENTS:
                return lookup(target, step);
            case TELEMETRY_METADATA:
                return telemetryMetadata(target.value(), step);
            case ROTATE_SECRET:
                String version = secrets.rotate(target.value(), rotator(step));
                return ActionResult.changed("rotated; CURRENT is version " + version);
            case DISABLE_USER:
            case REVOKE_SESSIONS:
            case DELETE_ACCESS_KEYS:
            case RESET_MFA:
                return principal(incidentId, operation, PlaybookPrincipals.Principal.of(target.value()));
            case DEACTIVATE_CA:
                return require(backends.manufacturerCas(), operation).deactivate(target.value())
                        ? ActionResult.changed("deactivated: it registers no more devices, new chains to it are "
                                + "refused at the handshake")
                        : ActionResult.unchanged("already inactive");
            case REVERT_POLICY:
                return revertPolicy(target.value());
            default:
                throw new IncidentException(
                        IncidentReason.STEP_FAILED, operation.action() + " is not available on this node yet");
        }
    }

    /**
     * In a member region the change is made here first (immediate containment, which replication never lowers) and
     * then asked of the control region, whose change log carries it to every region. A control region out of reach
     * fails the step, saying what holds here; a new run of the playbook (once this run ends) finishes it.
     */
    private ActionResult principal(long incidentId, Operation operation, PlaybookPrincipals.Principal p) {
        IamContainment control = backends.control();
        Optional<String> controlRegion = control == null ? Optional.empty() : control.controlRegion();
        if (controlRegion.isEmpty()) {
            return principals.perform(operation, p);
        }
        if (operation == Operation.RESET_MFA) {
            // The seed is the control region's; a member may restrict a principal everywhere, never weaken it.
            throw new IncidentException(
                    IncidentReason.STEP_FAILED,
                    "MFA is kept and reset only in the control region " + controlRegion.get() + ": reset " + p.type()
                            + "/" + p.name() + " there (a member region may only restrict a principal)");
        }
        ActionResult here = principals.perform(operation, p);
        IamContainment.Outcome there;
        try {
            there = control.atControl(
                    incidentId < 0 ? "-" : Long.toString(incidentId),
                    PlaybookPrincipals.containment(operation),
                    p.type(),
                    p.name());
        } catch (RegionException e) {
            // Short: the timeline keeps 300 characters of it. What holds here is "contained"; the rest is why.
            throw new IncidentException(
                    IncidentReason.STEP_FAILED,
                    "contained in " + region + " only; the control region " + controlRegion.get()
                            + " did not make the change (" + e.reason() + "): other regions still accept "
                            + p.type() + "/" + p.name() + "; start the playbook again once the link is back");
        }
        String summary = "in " + region + ": " + here.summary() + "; in the control region " + controlRegion.get()
                + ", replicated to every region: " + there.message();
        return here.changed() || there.changed() ? ActionResult.changed(summary) : ActionResult.unchanged(summary);
    }

    /** Idempotent: a policy whose version in force is a revert already is left as it is. */
    /**
     * In a member region only a regional policy is reverted here: a global one is written in the control region alone
     * (a local revert would hold only until its next replicated change, and a member must not change it everywhere),
     * so the step fails and names where to revert it.
     */
    private ActionResult revertPolicy(String name) {
        var policies = require(backends.policies(), Operation.REVERT_POLICY);
        IamContainment control = backends.control();
        Optional<String> controlRegion = control == null ? Optional.empty() : control.controlRegion();
        if (controlRegion.isPresent() && policies.policyScope(name).orElse(Scope.GLOBAL) == Scope.GLOBAL) {
            throw new IncidentException(
                    IncidentReason.STEP_FAILED,
                    "policy " + name + " is global: it is written only in the control region " + controlRegion.get()
                            + "; run this playbook step there, or update the policy there (warden policy update "
                            + name + ")");
        }
        List<PolicyVersion> versions = policies.versions(name);
        if (!versions.isEmpty() && versions.get(versions.size() - 1).restores() != null) {
            PolicyVersion last = versions.get(versions.size() - 1);
            return ActionResult.unchanged(
                    "already reverted: version " + last.version() + " restores version " + last.restores());
        }
        PolicyVersion written = policies.revert(name);
        return ActionResult.changed(
                "reverted: version " + written.version() + " restores version " + written.restores());
    }

    private static <T> T require(T backend, Operation operation) {
        return PlaybookPrincipals.require(backend, operation);
    }

    @Override
    public List<String> expand(Selector derived, String source) {
        if (derived == Selector.THING_ADDRESS) {
            return targets.liveSessions(source).stream()
                    .map(MitigationTargets.LiveSession::sourceIp)
                    .filter(ip -> ip != null && !ip.isBlank())
                    .distinct()
                    .toList();
        }
        if (derived == Selector.CA_THING) {
            return require(backends.manufacturerCas(), Operation.DEACTIVATE_CA).registeredThings(source);
        }
        throw new IncidentException(IncidentReason.STEP_FAILED, "no targets are derived as " + derived.id());
    }

    private ActionResult revokeCertificate(String serial) {
        try {
            certificates.revoke(serial, RevocationReason.KEY_COMPROMISE);
            return ActionResult.changed("revoked (key compromise)");
        } catch (RegistryException e) {
            if (e.reason() == RegistryReason.ALREADY_REVOKED) {
                return ActionResult.unchanged("already revoked");
            }
            throw e;
        }
    }

    private ActionResult lookup(Target target, Step step) {
        Long from = step.duration(Param.WINDOW)
                .map(w -> nanos(clock.instant().minus(w)))
                .orElse(null);
        Map<Long, ChainedEvent> found = new TreeMap<>();
        String arn = arns.arn(target);
        if (target.kind() == Selector.SECRET) {
            String secretArn = SecretArns.of(region, account, target.value());
            query(null, "secrets:GetSecretValue", secretArn, from).forEach(e -> found.put(e.seq(), e));
        } else if (target.kind() == Selector.PRINCIPAL) {
            String id = target.value().substring(target.value().indexOf('/') + 1);
            query(id, null, null, from).forEach(e -> found.put(e.seq(), e));
        } else {
            query(target.value(), null, null, from).forEach(e -> found.put(e.seq(), e));
            query(null, null, arn, from).forEach(e -> found.put(e.seq(), e));
        }
        List<String> items = new ArrayList<>();
        found.values().stream()
                .sorted(Comparator.comparingLong(ChainedEvent::seq).reversed())
                .limit(LOOKUP_LIMIT)
                .forEach(e -> items.add(line(e)));
        String window =
                step.parameter(Param.WINDOW).map(w -> " in the last " + w).orElse("");
        return ActionResult.listing(found.size() + " audit event(s)" + window + " (newest first)", items);
    }

    private List<ChainedEvent> query(String principal, String action, String resource, Long fromNanos) {
        return audit.query(
                new AuditQuery(region, principal, action, resource, null, fromNanos, null, 0, AuditQuery.MAX_LIMIT));
    }

    /** One event as evidence: where it is in the chain and what happened, never its details (they may be long). */
    private static String line(ChainedEvent e) {
        var ev = e.event();
        return "seq " + e.seq() + " " + Instant.ofEpochSecond(0, ev.timeNanos()) + " "
                + ev.principal().type() + "/"
                + ev.principal().id() + " " + ev.action() + " " + ev.resource() + " "
                + ev.result() + " from "
                + (ev.sourceIp() == null ? "-" : ev.sourceIp());
    }

    private ActionResult telemetryMetadata(String thing, Step step) {
        Instant now = clock.instant();
        Instant from = step.duration(Param.WINDOW).map(now::minus).orElse(Instant.EPOCH);
        List<TelemetrySegment> segments = telemetry.storedSegments(thing, from, now.plusSeconds(1), LOOKUP_LIMIT);
        long messages = segments.stream().mapToLong(TelemetrySegment::messages).sum();
        List<String> items = segments.stream()
                .map(s -> "segment " + s.id() + ": " + s.messages() + " message(s) from "
                        + Instant.ofEpochMilli(s.firstAtMillis()) + " to " + Instant.ofEpochMilli(s.lastAtMillis()))
                .toList();
        return ActionResult.listing(messages + " message(s) in " + segments.size() + " segment(s)", items);
    }

    private static SecretRotator rotator(Step step) {
        return "hmac-key".equals(step.parameter(Param.ROTATOR).orElse("random-password"))
                ? new HmacKeyRotator()
                : new RandomPasswordRotator();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
