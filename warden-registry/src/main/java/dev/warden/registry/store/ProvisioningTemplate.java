package dev.warden.registry.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a device that proves a claim becomes a thing: the thing-name pattern it must match, its type and attributes,
 * the regions it may be created in, the policy attached, its initial certificate status and the pre-provisioning hook.
 *
 * @param namePattern a glob over thing names ({@code *} and {@code ?}), e.g. {@code sensor-*}
 * @param hookType    NONE, ALLOWLIST (hookConfig = comma-separated device serial numbers) or WEBHOOK (hookConfig = URL)
 */
public record ProvisioningTemplate(
        String name,
        String namePattern,
        String thingType,
        Map<String, String> attributes,
        List<String> allowedRegions,
        String policyName,
        CertificateStatus initialStatus,
        HookType hookType,
        String hookConfig,
        boolean enabled,
        Instant createdAt) {
    public enum HookType {
        NONE,
        ALLOWLIST,
        WEBHOOK
    }

    public ProvisioningTemplate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namePattern, "namePattern");
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
        allowedRegions = List.copyOf(allowedRegions == null ? List.of() : allowedRegions);
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(initialStatus, "initialStatus");
        Objects.requireNonNull(hookType, "hookType");
        hookConfig = hookConfig == null ? "" : hookConfig;
    }
}
