package dev.warden.compliance.checks;

import dev.warden.compliance.inventory.PolicyView;
import dev.warden.compliance.inventory.PrincipalRef;
import dev.warden.policy.AuthorizationRequest;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyEvaluator;
import dev.warden.policy.PolicySet;
import dev.warden.policy.RequestContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What principals may do, decided by warden-policy's own evaluator over the stored policies, as the admin API's
 * authorizer decides: a user's policies are its own and its groups'. Used to tell which principals can change IAM,
 * KMS or the audit trail, and which are administrators.
 */
final class Permissions {
    /** Actions that change who may do what, the keys, or the evidence. */
    private static final List<String[]> SECURITY_CHANGES = List.of(
            new String[] {"iam:AttachPolicy", "iam", "policy/*"},
            new String[] {"iam:CreatePolicy", "iam", "policy/*"},
            new String[] {"iam:UpdatePolicy", "iam", "policy/*"},
            new String[] {"iam:CreateUser", "iam", "user/*"},
            new String[] {"iam:CreateAccessKey", "iam", "service/*"},
            new String[] {"kms:CreateKey", "kms", "key/*"},
            new String[] {"kms:ScheduleKeyDeletion", "kms", "key/*"},
            new String[] {"audit:RotateSigningKey", "audit", "trail/*"},
            new String[] {"audit:ArchiveEvents", "audit", "trail/*"});

    private final Map<String, List<Policy>> byPrincipal = new HashMap<>();
    private final CheckContext context;

    Permissions(List<PolicyView> policies, CheckContext context) {
        this.context = context;
        for (PolicyView p : policies) {
            if (p.policy().isEmpty()) {
                continue;
            }
            for (PrincipalRef ref : p.iamPrincipals()) {
                byPrincipal
                        .computeIfAbsent(ref.type() + ":" + ref.id(), k -> new ArrayList<>())
                        .add(p.policy().get());
            }
        }
    }

    /** The identity policies of a principal (a user's include its groups'). */
    PolicySet policiesOf(String type, String id, List<String> groups) {
        List<Policy> all = new ArrayList<>(byPrincipal.getOrDefault(type + ":" + id, List.of()));
        for (String group : groups) {
            all.addAll(byPrincipal.getOrDefault("group:" + group, List.of()));
        }
        return PolicySet.of(all);
    }

    /** The first security-changing action the policies allow with or without MFA, or null. */
    String securityChangeAllowed(PolicySet policies, String principalId, boolean mfa) {
        RequestContext request = RequestContext.builder()
                .put(RequestContext.USERNAME, principalId)
                .put(RequestContext.MFA_PRESENT, Boolean.toString(mfa))
                .currentTime(context.now())
                .build();
        for (String[] change : SECURITY_CHANGES) {
            String resource = "iam".equals(change[1]) ? context.iamArn(change[2]) : context.arn(change[1], change[2]);
            if (PolicyEvaluator.isAllowed(policies, new AuthorizationRequest(change[0], resource, request))) {
                return change[0];
            }
        }
        return null;
    }

    /** An administrator: may attach any policy to anyone (and so may grant itself anything). */
    boolean administrator(PolicySet policies, String principalId) {
        RequestContext request = RequestContext.builder()
                .put(RequestContext.USERNAME, principalId)
                .put(RequestContext.MFA_PRESENT, "true")
                .currentTime(context.now())
                .build();
        return PolicyEvaluator.isAllowed(
                policies, new AuthorizationRequest("iam:AttachPolicy", context.iamArn("policy/*"), request));
    }
}
