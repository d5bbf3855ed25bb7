package dev.warden.storage.registry;

/** What a certificate is for: a device identity, a provisioning claim, or a node's TLS server identity. */
public enum CertificateKind {
    DEVICE,
    CLAIM,
    SERVER
}
