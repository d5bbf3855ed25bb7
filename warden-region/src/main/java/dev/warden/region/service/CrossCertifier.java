package dev.warden.region.service;

import java.security.cert.X509Certificate;

/**
 * Signs with this region's root: while the region is its deployment's control region, its root is the deployment
 * root, and this makes a joining member's cross certificate ({@code dev.warden.pki.CrossCertificates}).
 */
@FunctionalInterface
public interface CrossCertifier {
    /**
     * @throws dev.warden.pki.PkiException {@code CA_NOT_AVAILABLE} when the root key is offline
     */
    X509Certificate certify(X509Certificate memberRoot);
}
