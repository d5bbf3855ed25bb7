package dev.warden.registry;

import java.time.Duration;

/**
 * The registry's settings: the region and account its things and certificates belong to, how long device
 * certificates are valid, where their revocation is published, and how long a rotated certificate keeps working.
 */
public record RegistrySettings(
        String region,
        String account,
        Duration certValidity,
        String crlUrl,
        String ocspUrl,
        Duration rotationOverlap) {}
