package dev.warden.registry.store;

/**
 * What a certificate is for: a device identity, a provisioning claim, a node's TLS server identity, a service
 * account's identity for the admin API, or a user's identity for the console (neither of the last two is ever a
 * device: the gateway refuses them).
 */
public enum CertificateKind {
    DEVICE,
    CLAIM,
    SERVER,
    SERVICE,
    USER
}
