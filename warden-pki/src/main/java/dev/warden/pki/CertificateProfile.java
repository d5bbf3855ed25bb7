package dev.warden.pki;

/** What a leaf certificate is for; both profiles are TLS client certificates. */
public enum CertificateProfile {
    /** A device's operational identity. Subject: {@code O=Warden, CN=<commonName>}. */
    DEVICE,
    /**
     * A shared, short-lived bootstrap certificate used only to claim (provision) devices.
     * Subject: {@code O=Warden, OU=claim, CN=<commonName>} so that it can never be mistaken for a device.
     */
    CLAIM
}
