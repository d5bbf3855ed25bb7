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

    private final Supplier<PolicySet> policies;
    private final RequestContext context;
    private final String arnPrefix;
    private final GatewayEvents events;
    private final DeviceIdentity identity;
    private final String clientId;

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
        return decide(CONNECT, "client/", clientId);
    }

    /** A retained publish needs iot:RetainPublish as well, as in AWS IoT. */
    boolean mayPublish(String topic, boolean retain) {
        return decide(PUBLISH, "topic/", topic) && (!retain || decide(RETAIN_PUBLISH, "topic/", topic));
    }

    boolean maySubscribe(String filter) {
        return decide(SUBSCRIBE, "topicfilter/", filter);
    }

    boolean mayReceive(String topic) {
        return decide(RECEIVE, "topic/", topic);
    }

    /** Runs for every PUBLISH and every delivery: the ARN is built in one concatenation. */
    private boolean decide(String action, String resourceType, String name) {
        String arn = arnPrefix + resourceType + name;
        Decision decision;
        try {
            PolicySet current = policies.get();
            decision = current == null ? null : PolicyEvaluator.evaluate(current, new AuthorizationRequest(action,
                    arn, context));
        } catch (RuntimeException e) {
            LOG.warn("Policy evaluation failed for {} on {}; denying", action, arn, e);
            decision = null;
        }
        if (decision != null && decision.allowed()) {
            return true;
        }
        String explanation = decision == null ? "Denied: policy evaluation failed" : decision.explanation();
        SafeEvents.authorizationDenied(events, identity, clientId, action, arn, explanation);
        return false;
    }
}
