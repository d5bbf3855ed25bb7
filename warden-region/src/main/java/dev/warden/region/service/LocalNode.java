package dev.warden.region.service;

import dev.warden.region.core.RegionNode;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * This node as its links present it: its identity, the URL of its link as other regions reach it, its gateway's MQTT
 * endpoint, its region's root
 * certificate (which it registers when joining) and its link key with the certificate chain for it, and the means to
 * cross-certify a member's root with that root (used while this region is the control region).
 */
public record LocalNode(
        RegionNode identity,
        String linkUrl,
        String mqttUrl,
        X509Certificate root,
        PrivateKey linkKey,
        List<X509Certificate> chain,
        CrossCertifier rootSigner) {
    public LocalNode {
        chain = List.copyOf(chain);
    }

    @Override
    public String toString() {
        return "LocalNode{" + identity.arn() + ", " + linkUrl + "}";
    }
}
