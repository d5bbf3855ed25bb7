package dev.warden.iam;

import dev.warden.iam.store.GroupRoleDao;
import dev.warden.iam.store.PolicyDao;
import dev.warden.policy.AuthorizationRequest;
import dev.warden.policy.Decision;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyEvaluator;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicySet;
import dev.warden.policy.RequestContext;
import dev.warden.storage.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides every admin API call with the policy engine: the action of the endpoint on its resource, for the
 * policies attached to the calling principal (admin credential or user), with the request's source IP and time as context. Compiled policy
 * sets are cached per credential and dropped on any policy or attachment change. Fails closed: a credential with
 * no policies, or a policy that does not parse, is denied.
 */
public final class AdminAuthorizer {
    private final Database database;
    private final Clock clock;
    private final String region;
    private final Map<String, PolicySet> byCredential = new ConcurrentHashMap<>();
    private final Map<String, Policy> sessionPolicies = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_SESSION_POLICIES = 1000;
    /** The one action no policy needs to allow. */
    public static final String GET_CALLER_IDENTITY = "sts:GetCallerIdentity";

    public AdminAuthorizer(Database database, Clock clock) {
        this(database, clock, null);
    }

    /**
     * @param region this node's region: every request is decided in the region that received it, which policies see
     *               as {@code warden:RequestedRegion} (e.g. "EU data only from EU regions"); null leaves it unset
     */
    public AdminAuthorizer(Database database, Clock clock, String region) {
        this.database = database;
        this.clock = clock;
        this.region = region;
    }

    /** An admin credential's call (admin credentials never carry MFA). */
    public Decision decide(String credentialId, String action, String resource, String sourceIp) {
        return decide(AdminCredentials.PRINCIPAL_TYPE, credentialId, false, action, resource, sourceIp);
    }

    /**
     * A call by any principal with attached policies (admin credential or user), with
     * {@code warden:MultiFactorAuthPresent} from the caller's token.
     */
    public Decision decide(
            String principalType, String principalId, boolean mfa, String action, String resource, String sourceIp) {
        return decide(principalType, principalId, mfa, null, action, resource, sourceIp);
    }

    /**
     * The same for a role session narrowed by {@code sessionPolicy} (JSON, or null): allowed only where both the
     * role's policies and the session policy allow, as in AWS.
     */
    public Decision decide(
            String principalType,
            String principalId,
            boolean mfa,
            String sessionPolicy,
            String action,
            String resource,
            String sourceIp) {
        return decide(principalType, principalId, mfa, sessionPolicy, action, resource, sourceIp, null, null);
    }

    /**
     * The same, together with the resource's own policy (e.g. a bucket policy; null for none): allowed if the
     * principal's policies or a resource-policy statement naming {@code principalArn} allow it, denied if either
     * denies explicitly (AWS same-account semantics).
     */
    public Decision decide(
            String principalType,
            String principalId,
            boolean mfa,
            String sessionPolicy,
            String action,
            String resource,
            String sourceIp,
            Policy resourcePolicy,
            String principalArn) {
        return decide(
                principalType,
                principalId,
                mfa,
                sessionPolicy,
                action,
                resource,
                sourceIp,
                resourcePolicy,
                principalArn,
                region);
    }

    /**
     * The same for a request made in {@code requestedRegion} and forwarded here (this region's data decided here,
     * {@code warden:RequestedRegion} being where the caller asked); null: this region.
     */
    public Decision decide(
            String principalType,
            String principalId,
            boolean mfa,
            String sessionPolicy,
            String action,
            String resource,
            String sourceIp,
            Policy resourcePolicy,
            String principalArn,
            String requestedRegion) {
        if (GET_CALLER_IDENTITY.equals(action)) {
            // As in AWS: who am I is never a permission (an authenticated caller can always learn its own identity).
            return new Decision(
                    dev.warden.policy.Effect.ALLOW,
                    dev.warden.policy.DecisionBasis.EXPLICIT_ALLOW,
                    List.of(),
                    null,
                    "sts:GetCallerIdentity is allowed to every authenticated caller");
        }
        PolicySet policies;
        try {
            policies = byCredential.computeIfAbsent(
                    principalType + ":" + principalId, key -> load(principalType, principalId));
            if (sessionPolicy != null) {
                Policy session =
                        sessionPolicies.computeIfAbsent(sessionPolicy, doc -> PolicyParser.parse("session", doc));
                if (sessionPolicies.size() > MAX_CACHED_SESSION_POLICIES) {
                    sessionPolicies.clear();
                }
                policies = policies.withSessionPolicies(List.of(session));
            }
        } catch (RuntimeException e) {
            policies = null;
        }
        RequestContext.Builder context = RequestContext.builder()
                .put(RequestContext.USERNAME, principalId)
                .put(RequestContext.MFA_PRESENT, Boolean.toString(mfa))
                .currentTime(clock.instant());
        if (sourceIp != null) {
            context.put(RequestContext.SOURCE_IP, sourceIp);
        }
        String requested = requestedRegion != null ? requestedRegion : region;
        if (requested != null) {
            context.put(RequestContext.REQUESTED_REGION, requested);
        }
        dev.warden.policy.Arn.tryParse(resource)
                .map(dev.warden.policy.Arn::region)
                .filter(r -> !r.isEmpty())
                .ifPresent(r -> context.put(RequestContext.RESOURCE_REGION, r));
        return PolicyEvaluator.evaluate(
                policies, resourcePolicy, principalArn, new AuthorizationRequest(action, resource, context.build()));
    }

    private PolicySet load(String principalType, String principalId) {
        return database.read(h -> {
            PolicyDao dao = new PolicyDao(h);
            List<Policy> policies = new ArrayList<>();
            List<String> names = new ArrayList<>(dao.policiesOfPrincipal(principalType, principalId));
            if (UserService.PRINCIPAL_TYPE.equals(principalType)) {
                // A user's permissions include those of every group it belongs to.
                for (String group : new GroupRoleDao(h).groupsOf(principalId)) {
                    names.addAll(dao.policiesOfPrincipal("group", group));
                }
            }
            for (String name : names) {
                dao.find(name).ifPresent(record -> policies.add(PolicyParser.parse(name, record.document())));
            }
            return PolicySet.of(policies);
        });
    }

    /** Any policy, or any attachment to an admin credential, changed. */
    public void invalidate() {
        byCredential.clear();
    }
}
