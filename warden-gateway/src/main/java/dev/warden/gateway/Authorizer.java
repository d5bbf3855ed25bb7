package dev.warden.gateway;

import dev.warden.policy.AuthorizationRequest;
import dev.warden.policy.Decision;
import dev.warden.policy.PolicyEvaluator;
import dev.warden.policy.PolicySet;
import dev.warden.policy.RequestContext;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the policy engine about one connection's actions. The thing's policies are looked up for every decision (the
 * provider caches them), so a policy change applies to live sessions on their next packet. Fail-closed: a missing
 * policy set or an exception from the provider or the engine is a deny. Every deny is reported to
 * {@link GatewayEvents#authorizationDenied}.
 */
final class Authorizer {
    static final String CONNECT = "iot:Connect";
    static final String PUBLISH = "iot:Publish";
    static final String RETAIN_PUBLISH = "iot:RetainPublish";
    static final String SUBSCRIBE = "iot:Subscribe";
    static final String RECEIVE = "iot:Receive";
    private static final Logger LOG = LoggerFactory.getLogger(Authorizer.class);
    private static final int NO_MEMO = -1;
    private static final int PUBLISH_MEMO = 0;
    private static final int RECEIVE_MEMO = 1;

    private final Supplier<PolicySet> policies;
    private final RequestContext context;
    private final String arnPrefix;
    private final GatewayEvents events;
    private final DeviceIdentity identity;
    private final String clientId;
    /**
     * The last allow of iot:Publish and of iot:Receive. The answer is a pure function of the policy set, the action,
     * the resource and this connection's fixed context (the gateway's context has no clock), and the provider
     * replaces a thing's set rather than changing it, so an allow holds while the set is the same object. A device
     * publishes to few topics: the engine runs again only when the topic or the policies change. Denies are never
     * remembered (each is evaluated and reported). Written and read by different threads without a lock: an
     * {@link Allowed} is immutable, so a thread sees either a valid fact or an older one, which is valid too.
     */
    private final Allowed[] lastAllowed = new Allowed[2];

    /** Under {@code policies}, the memo's action on {@code name} is allowed. */
    private record Allowed(PolicySet policies, String name) {}

    Authorizer(Supplier<PolicySet> policies, RequestContext context, String region, String account, GatewayEvents events,
            DeviceIdentity identity, String clientId) {
        this.policies = policies;
        this.context = context;
        this.arnPrefix = arnPrefix(region, account);
        this.events = events;
        this.identity = identity;
        this.clientId = clientId;
    }

    static String arnPrefix(String region, String account) {
        return "arn:warden:iot:" + region + ":" + account + ":";
    }

    boolean mayConnect() {
        return decide(CONNECT, "client/", clientId, NO_MEMO);
    }

    /** A retained publish needs iot:RetainPublish as well, as in AWS IoT. */
    boolean mayPublish(String topic, boolean retain) {
        return decide(PUBLISH, "topic/", topic, PUBLISH_MEMO)
                && (!retain || decide(RETAIN_PUBLISH, "topic/", topic, NO_MEMO));
    }

    boolean maySubscribe(String filter) {
        return decide(SUBSCRIBE, "topicfilter/", filter, NO_MEMO);
    }

    boolean mayReceive(String topic) {
        return decide(RECEIVE, "topic/", topic, RECEIVE_MEMO);
    }

    /** Runs for every PUBLISH and every delivery: the ARN is built in one concatenation, and only on a memo miss. */
    private boolean decide(String action, String resourceType, String name, int memo) {
        PolicySet current = null;
        Decision decision = null;
        String arn = null;
        try {
            current = policies.get();
            if (memo != NO_MEMO && current != null) {
                Allowed last = lastAllowed[memo];
                if (last != null && last.policies() == current && last.name().equals(name)) {
                    return true;
                }
            }
            arn = arnPrefix + resourceType + name;
            decision = current == null ? null : PolicyEvaluator.evaluate(current, new AuthorizationRequest(action,
                    arn, context));
        } catch (RuntimeException e) {
            LOG.warn("Policy evaluation failed for {} on {}; denying", action, arnPrefix + resourceType + name, e);
            decision = null;
        }
        if (decision != null && decision.allowed()) {
            if (memo != NO_MEMO) {
                lastAllowed[memo] = new Allowed(current, name);
            }
            return true;
        }
        String explanation = decision == null ? "Denied: policy evaluation failed" : decision.explanation();
        SafeEvents.authorizationDenied(events, identity, clientId, action, arn == null ? arnPrefix + resourceType + name
                : arn, explanation);
        return false;
    }
}
