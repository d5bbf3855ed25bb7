package dev.warden.pki;

/** What a leaf certificate is for; every profile is a TLS client certificate (a region node's is a server one too). */
public enum CertificateProfile {
    /** A device's operational identity. Subject: {@code O=Warden, CN=<commonName>}. */
    DEVICE,
    /**
     * A shared, short-lived bootstrap certificate used only to claim (provision) devices.
     * Subject: {@code O=Warden, OU=claim, CN=<commonName>} so that it can never be mistaken for a device.
     */
    CLAIM,
    /**
     * An application's identity: a service account calling the admin API. Subject:
     * {@code O=Warden, OU=service, CN=<account>}; its SAN URI is the account's IAM ARN, never a thing's.
     */
    SERVICE,
    /**
     * A person's identity: a user signing in to the console with a certificate from their own CSR. Subject:
     * {@code O=Warden, OU=user, CN=<user>}; its SAN URI is the user's IAM ARN.
     */
    USER,
    /**
     * A region node's link identity: both ends of a region link present it. Subject: {@code O=Warden, OU=region,
     * CN=<region>/<node>}; its SAN URI is the node's ARN ({@code arn:warden:region::<account>:node/<region>/<node>});
     * EKU clientAuth and serverAuth, since each node both calls and serves links.
     */
    REGION_NODE
}
