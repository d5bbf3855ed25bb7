package dev.warden.api;

/**
 * What the HTTP layer needs to know about its node: the region and account that name resources in ARNs, where
 * revocation is published, and where the CA keys are kept (shown, never used, by the API).
 *
 * @param hsm the PKCS#11 URI of the CA keys' HSM, or {@code null} for software keys
 */
public record ApiSettings(String region, String account, String crlUrl, String ocspUrl, String hsm) {}
