package dev.warden.gateway;

import dev.warden.policy.Arn;
import dev.warden.policy.AuthorizationRequest;
import dev.warden.policy.Decision;
import dev.warden.policy.PolicyEvaluator;
import dev.warden.policy.PolicySet;
import dev.warden.policy.RequestContext;
import java.util.HashSet;
import java.util.Set;
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
    static final String PUSH_BACK = "iot:PushBack";
    private static final Logger LOG = LoggerFactory.getLogger(Authorizer.class);
    /** Most receivable topics remembered per connection; past that the memo starts again. */
    static final int MAX_REMEMBERED_TOPICS = 4_096;

    private final Supplier<PolicySet> policies;
    private final RequestContext context;
    private final String arnPrefix;
    private final GatewayEvents events;
    private final DeviceIdentity identity;
    private final String clientId;
    /**
     * Allows are remembered, denies never (each is evaluated and reported). An answer is a pure function of the
     * policy set, the action, the resource and this connection's fixed context (the gateway's context has no clock),
     * and the provider replaces a thing's set rather than changing it, so an allow holds while the set is the same
     * object: a policy change empties the memo at the next decision.
     *
     * <p>A device publishes to few topics, so the last allowed one is enough; it is written and read by the
     * connection's I/O thread and the broker thread (a will) without a lock, which is safe because an
     * {@link Allowed} is immutable. An application subscribed to many devices receives from each in turn, so the
     * receive memo keeps a set of topics; only the broker thread delivers.
     */
    private final LastAllowed publishMemo = new LastAllowed();

    private final AllowedTopics receiveMemo = new AllowedTopics();

    /** What a decision may remember of an allow. */
    private interface Memo {
        boolean remembers(PolicySet policies, String name);

        void remember(PolicySet policies, String name);
    }

    /** Under {@code policies}, the memo's action on {@code name} is allowed. */
    private record Allowed(PolicySet policies, String name) {}

    private static final class LastAllowed implements Memo {
        private Allowed last;

        @Override
        public boolean remembers(PolicySet policies, String name) {
            Allowed allowed = last;
            return allowed != null
                    && allowed.policies() == policies
                    && allowed.name().equals(name);
        }

        @Override
        public void remember(PolicySet policies, String name) {
            last = new Allowed(policies, name);
        }
    }

    /** One thread only. */
    private static final class AllowedTopics implements Memo {
        private final Set<String> names = new HashSet<>();
        private PolicySet policies;

        @Override
        public boolean remembers(PolicySet current, String name) {
            return current == policies && names.contains(name);
        }

        @Override
        public void remember(PolicySet current, String name) {
            if (current != policies || names.size() >= MAX_REMEMBERED_TOPICS) {
                names.clear();
                policies = current;
            }
            names.add(name);
        }
    }

    Authorizer(
            Supplier<PolicySet> policies,
            RequestContext context,
            String region,
            String account,
            GatewayEvents events,
            DeviceIdentity identity,
            String clientId) {
        this.policies = policies;
        this.context = context;
        this.arnPrefix = arnPrefix(region, account);
        this.events = events;
        this.identity = identity;
        this.clientId = clientId;
    }

    static String arnPrefix(String region, String account) {
        return Arn.prefix("iot", region, account);
    }

    boolean mayConnect() {
        return decide(CONNECT, "client/", clientId, null);
    }

    /**
     * Whether messages this client cannot take yet may hold their publishers (iot:PushBack on its client), asked at
     * CONNECT. Most clients may not, which is no denial worth reporting: it is the default way of delivering.
     */
    boolean mayPushBack() {
        try {
            PolicySet current = policies.get();
            return current != null
                    && PolicyEvaluator.evaluate(
                                    current,
                                    new AuthorizationRequest(PUSH_BACK, arnPrefix + "client/" + clientId, context))
                            .allowed();
        } catch (RuntimeException e) {
            LOG.warn("Policy evaluation failed for {} of client {}; dropping for it", PUSH_BACK, clientId, e);
            return false;
        }
    }

    /** A retained publish needs iot:RetainPublish as well, as in AWS IoT. */
    boolean mayPublish(String topic, boolean retain) {
        return decide(PUBLISH, "topic/", topic, publishMemo)
                && (!retain || decide(RETAIN_PUBLISH, "topic/", topic, null));
    }

    boolean maySubscribe(String filter) {
        return decide(SUBSCRIBE, "topicfilter/", filter, null);
    }

    /** Broker thread only. */
    boolean mayReceive(String topic) {
        return decide(RECEIVE, "topic/", topic, receiveMemo);
    }

    /** Runs for every PUBLISH and every delivery: the ARN is built in one concatenation, and only on a memo miss. */
    private boolean decide(String action, String resourceType, String name, Memo memo) {
        PolicySet current = null;
        Decision decision = null;
        String arn = null;
        try {
            current = policies.get();
            if (memo != null && current != null && memo.remembers(current, name)) {
                return true;
            }
            arn = arnPrefix + resourceType + name;
            decision = current == null
                    ? null
                    : PolicyEvaluator.evaluate(current, new AuthorizationRequest(action, arn, context));
        } catch (RuntimeException e) {
            LOG.warn("Policy evaluation failed for {} on {}; denying", action, arnPrefix + resourceType + name, e);
            decision = null;
        }
        if (decision != null && decision.allowed()) {
            if (memo != null) {
                memo.remember(current, name);
            }
            return true;
        }
        String explanation = decision == null ? "Denied: policy evaluation failed" : decision.explanation();
        SafeEvents.authorizationDenied(
                events, identity, clientId, action, arn == null ? arnPrefix + resourceType + name : arn, explanation);
        return false;
    }
}
