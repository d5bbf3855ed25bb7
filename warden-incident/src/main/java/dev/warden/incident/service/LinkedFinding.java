package dev.warden.incident.service;

import dev.warden.incident.core.Member;
import dev.warden.incident.core.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A compliance finding an incident is opened from: its id, check, resource and severity (critical, high, medium,
 * low), as compliance reports it. Incident response does not depend on compliance; the node looks findings up.
 */
public record LinkedFinding(long id, String check, String resourceArn, String severity, String detail) {

    /** critical is sev1, high sev2, medium sev3, low sev4: a finding's urgency as an incident's. */
    public Severity incidentSeverity() {
        switch (severity.toLowerCase(Locale.ROOT)) {
            case "critical":
                return Severity.SEV1;
            case "high":
                return Severity.SEV2;
            case "medium":
                return Severity.SEV3;
            default:
                return Severity.SEV4;
        }
    }

    /**
     * The finding itself, and what its resource's ARN names ({@code thing/}, {@code user/}, {@code service/},
     * {@code policy/}, {@code secret/}): the targets a playbook for it would act on.
     */
    public List<Member> members() {
        List<Member> out = new ArrayList<>();
        out.add(new Member(Member.Kind.FINDING, String.valueOf(id)));
        int colon = resourceArn.lastIndexOf(':');
        String resource = colon < 0 ? resourceArn : resourceArn.substring(colon + 1);
        int slash = resource.indexOf('/');
        if (slash > 0 && slash < resource.length() - 1) {
            String type = resource.substring(0, slash);
            String name = resource.substring(slash + 1);
            switch (type) {
                case "thing":
                    out.add(new Member(Member.Kind.THING, name));
                    break;
                case "user":
                case "service":
                    out.add(new Member(Member.Kind.PRINCIPAL, resource));
                    break;
                case "policy":
                    out.add(new Member(Member.Kind.POLICY, name));
                    break;
                case "secret":
                    out.add(new Member(Member.Kind.SECRET, name));
                    break;
                default:
                    break;
            }
        }
        return out;
    }
}
