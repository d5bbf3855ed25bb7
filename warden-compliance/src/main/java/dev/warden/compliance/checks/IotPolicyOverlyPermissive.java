package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.compliance.inventory.PolicyView;
import dev.warden.policy.Condition;
import dev.warden.policy.Effect;
import dev.warden.policy.Policy;
import dev.warden.policy.RequestContext;
import dev.warden.policy.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * IOT_POLICY_OVERLY_PERMISSIVE: a device policy allows a device more than its own resources. What warden-policy's
 * analyzer finds ({@code *} or {@code iot:*} actions, NotAction or NotResource, client or topic resources not scoped
 * to the device's own identity: {@code client/*}, other things' topics), plus {@code ${iot:ClientId}} in a Connect
 * resource without requiring the thing to be attached: the device then connects as any client ID it likes, and takes
 * over other devices' sessions.
 */
final class IotPolicyOverlyPermissive implements Check {
    @Override
    public CheckId id() {
        return CheckId.IOT_POLICY_OVERLY_PERMISSIVE;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        List<Finding> out = new ArrayList<>();
        for (PolicyView p : inventory.policies()) {
            if (p.policy().isEmpty() || !PolicyKinds.device(p)) {
                continue;
            }
            PolicyIssues issues = new PolicyIssues();
            Policy policy = p.policy().get();
            for (dev.warden.policy.Finding f : p.analysis()) {
                Statement s = policy.statements().get(f.statementIndex());
                switch (f.code()) {
                    case ALLOW_ALL_ACTIONS -> issues.add("ALL_ACTIONS", s, f.message());
                    case ALLOW_ALL_SERVICE_ACTIONS -> {
                        if (s.actions().stream().anyMatch(a -> a.equalsIgnoreCase("iot:*"))) {
                            issues.add("ALL_IOT_ACTIONS", s, f.message());
                        }
                    }
                    case ALLOW_WITH_NOT_ACTION -> issues.add("NOT_ACTION", s, f.message());
                    case ALLOW_WITH_NOT_RESOURCE -> issues.add("NOT_RESOURCE", s, f.message());
                    case DEVICE_RESOURCE_NOT_SCOPED -> issues.add("UNSCOPED_DEVICE_RESOURCE", s, f.message());
                    case ALLOW_ALL_RESOURCES -> issues.add("ALL_RESOURCES", s, f.message());
                    default -> {
                        // the rest are potential misconfigurations, reported by the other policy check
                    }
                }
            }
            for (Statement s : policy.statements()) {
                if (clientIdWithoutAttachment(s)) {
                    issues.add(
                            "CLIENT_ID_WITHOUT_ATTACHMENT",
                            s,
                            "iot:Connect on client/${iot:ClientId} lets the device connect as any client ID (and take"
                                    + " over other devices' sessions) unless iot:Connection.Thing.IsAttached is"
                                    + " required");
                }
            }
            if (!issues.isEmpty()) {
                out.add(Findings.of(
                        id(),
                        context.policyArn(p.name()),
                        issues.reason(),
                        "Device policy " + p.name() + " (" + PolicyKinds.attachment(p) + "): " + issues.detail(),
                        "Scope every device resource to the device's own identity (client/"
                                + "${iot:Connection.Thing.ThingName}, topic/devices/${iot:Connection.Thing.ThingName}/*),"
                                + " name the actions a device needs instead of wildcards, and update the policy"
                                + " (warden policy update " + p.name() + " --file FILE)."));
            }
        }
        return out;
    }

    private static boolean clientIdWithoutAttachment(Statement s) {
        if (s.effect() != Effect.ALLOW || s.notResource()) {
            return false;
        }
        boolean connect = s.notAction() || s.actions().stream().anyMatch(a -> PolicyKinds.covers(a, "iot:Connect"));
        boolean clientIdResource =
                s.resources().stream().anyMatch(r -> r.toLowerCase(Locale.ROOT).contains("${iot:clientid"));
        boolean attachmentRequired = s.conditions().stream()
                .map(Condition::key)
                .anyMatch(k -> k.equalsIgnoreCase(RequestContext.THING_IS_ATTACHED));
        return connect && clientIdResource && !attachmentRequired;
    }
}
