package dev.warden.region.forward;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.NodeAudit;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.Deployment;
import dev.warden.region.link.LinkClient;
import dev.warden.region.link.LinkOperation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * An incident playbook's change of a principal, made where IAM is written. A member's IAM is a replica, so a
 * playbook there that disabled a user only locally would leave the credential working in every other region: here
 * the member asks the control region over the link ({@link #atControl}), the control region makes the change through
 * its own IAM services ({@link Principals}) and its change log carries it to every region. Both ends audit under one
 * request id and the incident's id: the member {@code region:RequestContainment}, the control region
 * {@code region:ApplyContainment}. Only names cross: the operation, the
 * principal's type and name, the ids.
 */
public final class IamContainment {
    /** Who acts: the incident playbook, a system identity of the node, not the operator who started it. */
    public static final AuditPrincipal PLAYBOOK = new AuditPrincipal("system", "incident-playbook", null);

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_MESSAGE = 200;
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.@+=,-]{1,128}");

    /**
     * The principal changes a playbook may ask of the control region: only ones that restrict. Resetting MFA is not
     * among them although playbooks do it: it lowers a user's protection until they enrol again, so a member region
     * (perhaps the compromised one) must not be able to do it everywhere.
     */
    public enum Operation {
        DISABLE,
        REVOKE_SESSIONS,
        DELETE_ACCESS_KEYS
    }

    /** One change: what the member's playbook asks for. */
    public record Request(
            String requestId, String incidentId, Operation operation, String principalType, String name) {}

    /** What the control region did: changed, or found in place already; {@code message} is for the timeline. */
    public record Outcome(boolean changed, String message) {}

    /** The control region's IAM services, as the node wires them: does the change or throws. */
    public interface Principals {
        Outcome apply(Request request);
    }

    private final String account;
    private final String region;
    private final Supplier<Optional<Deployment>> deployment;
    private final Supplier<LinkClient> control;
    private final Principals principals;
    private final NodeAudit audit;
    private final Runnable iamChanged;

    public IamContainment(
            String account,
            String region,
            Supplier<Optional<Deployment>> deployment,
            Supplier<LinkClient> control,
            Principals principals,
            NodeAudit audit,
            Runnable iamChanged) {
        this.account = account;
        this.region = region;
        this.deployment = deployment;
        this.control = control;
        this.principals = principals;
        this.audit = audit;
        this.iamChanged = iamChanged;
    }

    /** The control region this node must ask, when it is a member of a deployment; empty when it writes IAM itself. */
    public Optional<String> controlRegion() {
        return deployment.get().filter(d -> !d.isControl()).map(Deployment::controlRegion);
    }

    /**
     * Member side: asks the control region to make the change and waits for its answer. Throws the link's
     * {@link RegionException} (audited here as an error) when the control region cannot be reached or refuses.
     */
    public Outcome atControl(String incidentId, Operation operation, String principalType, String name) {
        String controlRegion = controlRegion()
                .orElseThrow(() -> new RegionException(
                        RegionReason.NOT_IN_DEPLOYMENT, "this region writes IAM itself: no control region to ask"));
        Request request = new Request(UUID.randomUUID().toString(), incidentId, operation, principalType, name);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", request.requestId());
        body.put("incidentId", incidentId);
        body.put("operation", operation.name());
        body.put("principalType", principalType);
        body.put("principalName", name);
        try {
            JsonNode reply = control.get().call(LinkOperation.CONTAIN, "", body, TIMEOUT);
            Outcome outcome = new Outcome(
                    reply.path("changed").asBoolean(false),
                    label(reply.path("message").asText("")));
            record("region:RequestContainment", controlRegion, request, AuditResult.ALLOW, outcome, null);
            return outcome;
        } catch (RegionException e) {
            record(
                    "region:RequestContainment",
                    controlRegion,
                    request,
                    AuditResult.ERROR,
                    null,
                    e.reason().name());
            throw e;
        }
    }

    /** Control side of {@link LinkOperation#CONTAIN}: the change, made here for member {@code caller}. */
    public Map<String, Object> receive(String caller, JsonNode body) {
        if (deployment.get().filter(Deployment::isControl).isEmpty()) {
            throw new RegionException(RegionReason.NOT_CONTROL_REGION, "containment is asked of the control region");
        }
        Request request = parse(body);
        Outcome outcome;
        try {
            outcome = principals.apply(request);
        } catch (RuntimeException e) {
            record(
                    "region:ApplyContainment",
                    caller,
                    request,
                    AuditResult.ERROR,
                    null,
                    e.getClass().getSimpleName());
            throw e;
        }
        record("region:ApplyContainment", caller, request, AuditResult.ALLOW, outcome, null);
        iamChanged.run();
        return Map.of("changed", outcome.changed(), "message", outcome.message());
    }

    /** The control region's account of what it did, as long as a timeline line needs. */
    private static String label(String message) {
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
    }

    private static Request parse(JsonNode body) {
        String type = body.path("principalType").asText("");
        String name = body.path("principalName").asText("");
        String requestId = body.path("requestId").asText("");
        String incidentId = body.path("incidentId").asText("");
        Operation operation;
        try {
            operation = Operation.valueOf(body.path("operation").asText("").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "not a containment operation");
        }
        if (!type.matches("user|service")
                || !NAME.matcher(name).matches()
                || !NAME.matcher(requestId).matches()
                || !NAME.matcher(incidentId).matches()) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "not a principal to contain");
        }
        return new Request(requestId, incidentId, operation, type, name);
    }

    /** {@code other} is the region asked (member side) or the region that asked (control side). */
    private void record(
            String action, String other, Request request, AuditResult result, Outcome outcome, String reason) {
        var event = audit.event(action)
                .principal(PLAYBOOK)
                .resource("arn:warden:iam::" + account + ":" + request.principalType() + "/" + request.name())
                .result(result)
                .detail("requestId", request.requestId())
                .detail("incidentId", request.incidentId())
                .detail("operation", request.operation().name())
                .detail(action.endsWith("RequestContainment") ? "controlRegion" : "requestedIn", other)
                .detail("region", region);
        if (outcome != null) {
            event.detail("changed", outcome.changed());
        }
        if (reason != null) {
            event.detail("reason", reason);
        }
        audit.recordDurable(event);
    }
}
