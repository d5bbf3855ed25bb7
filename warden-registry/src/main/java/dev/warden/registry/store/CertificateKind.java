package dev.warden.registry.store;

/**
 * What a certificate is for: a device identity, a provisioning claim, a node's TLS server identity, or a service
 * account's identity for the admin API (never a device: the gateway refuses it).
 */
public enum CertificateKind {
    DEVICE,
    CLAIM,
    SERVER,
    SERVICE
}
