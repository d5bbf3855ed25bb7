package dev.warden.incident.playbook;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Everything a playbook step can do: one IAM action each (the name a playbook file uses, and what its role must
 * allow), the selectors it applies to, the parameters it takes, and whether it contains an incident (quarantines,
 * revokes, disables or bans: the first such step to take effect times the incident's containment).
 */
public enum Operation {
    QUARANTINE("monitor:Quarantine", true, sel(Selector.THING, Selector.CA_THING), List.of()),
    REVOKE_THING_CERTIFICATES(
            "warden:RevokeThingCertificates", true, sel(Selector.THING, Selector.CA_THING), List.of()),
    REVOKE_CERTIFICATE("warden:RevokeCertificate", true, sel(Selector.CERTIFICATE), List.of()),
    BAN_ADDRESS("iot:CreateBan", true, sel(Selector.ADDRESS, Selector.THING_ADDRESS), List.of(Param.DURATION)),
    /** Lists the trail's events of a thing, of a principal (what it did) or on a secret (who read it). */
    LOOKUP_EVENTS(
            "audit:LookupEvents",
            false,
            sel(Selector.THING, Selector.PRINCIPAL, Selector.SECRET, Selector.CA_THING),
            List.of(Param.WINDOW)),
    /** Message counts, topics, sizes and times of a thing's telemetry: never a payload. */
    TELEMETRY_METADATA("data:GetTelemetry", false, sel(Selector.THING, Selector.CA_THING), List.of(Param.WINDOW)),
    DISABLE_USER("incident:DisableUser", true, sel(Selector.PRINCIPAL), List.of()),
    /** Revokes a user's refresh tokens: no new access token is issued from them. */
    REVOKE_SESSIONS("incident:RevokeSessions", true, sel(Selector.PRINCIPAL), List.of()),
    /** Revokes a service account's API keys. */
    DELETE_ACCESS_KEYS("iam:DeleteAccessKey", true, sel(Selector.PRINCIPAL), List.of()),
    /** Clears a user's MFA device, so the next login must enrol a new one. */
    RESET_MFA("incident:ResetMfa", false, sel(Selector.PRINCIPAL), List.of()),
    ROTATE_SECRET("secrets:RotateSecret", false, sel(Selector.SECRET), List.of(Param.ROTATOR)),
    /** Stops a manufacturer CA from registering devices (just-in-time provisioning refuses its chains). */
    DEACTIVATE_CA("incident:DeactivateCa", true, sel(Selector.CA), List.of()),
    /** Puts the policy's previous document back. */
    REVERT_POLICY("iam:UpdatePolicy", false, sel(Selector.POLICY), List.of());

    private final String action;
    private final boolean containment;
    private final List<Selector> selectors;
    private final List<Param> parameters;

    Operation(String action, boolean containment, List<Selector> selectors, List<Param> parameters) {
        this.action = action;
        this.containment = containment;
        this.selectors = selectors;
        this.parameters = parameters;
    }

    private static List<Selector> sel(Selector... s) {
        return List.of(s);
    }

    /** The IAM action, {@code service:Name}, as listed in warden-actions.txt. */
    public String action() {
        return action;
    }

    public boolean containment() {
        return containment;
    }

    public List<Selector> selectors() {
        return selectors;
    }

    public List<Param> parameters() {
        return parameters;
    }

    public boolean appliesTo(Selector s) {
        return selectors.contains(s);
    }

    public static Optional<Operation> byAction(String action) {
        return Arrays.stream(values()).filter(o -> o.action.equals(action)).findFirst();
    }
}
