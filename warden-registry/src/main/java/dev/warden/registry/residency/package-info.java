/**
 * Data residency at the gateway: things, their certificates, sessions and telemetry live in their home region only,
 * and a device of another region of the deployment is told where home is instead of being served here.
 *
 * <p>{@link dev.warden.registry.residency.ResidentTrust} lets such a device finish its TLS handshake (its chain up to
 * its region's pinned root), {@link dev.warden.registry.residency.ResidentDeviceAuthenticator} sends it home at
 * CONNECT, and {@link dev.warden.registry.residency.Residency} decides which region a chain belongs to from a snapshot
 * of the deployment's other regions ({@link dev.warden.registry.residency.DeploymentRegions}, which the node reads
 * from the region membership). {@link dev.warden.registry.residency.DeviceDiscovery} answers a device that asks
 * where home is, before it connects. This package knows no region link: it is handed roots and endpoints.
 */
package dev.warden.registry.residency;
