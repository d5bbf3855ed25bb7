package dev.warden.node;

import dev.warden.audit.NodeAudit;
import dev.warden.node.config.WardenConfig;
import dev.warden.pki.CaHierarchy;
import dev.warden.pki.CertificateIssuer;
import dev.warden.pki.OcspResponder;
import dev.warden.registry.CertificateService;
import dev.warden.registry.CertificateStatusIndex;
import dev.warden.registry.CrlPublisher;
import dev.warden.registry.provisioning.JitpService;
import dev.warden.registry.provisioning.PreProvisioningHook;
import dev.warden.registry.provisioning.ProvisioningService;
import dev.warden.registry.tls.ClientTrust;
import dev.warden.storage.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The device registry as the HTTP servers and the gateway see it: certificates and their status index (loaded), CRL
 * (built) and OCSP, the client trust of the gateway and the admin listener, JITP (its CAs loaded) and provisioning.
 */
record NodeRegistry(
        CaHierarchy hierarchy,
        CertificateStatusIndex index,
        CertificateService certificates,
        CrlPublisher crl,
        OcspResponder ocsp,
        ClientTrust clientTrust,
        JitpService jitp,
        ProvisioningService provisioning) {

    static NodeRegistry start(
            WardenConfig config,
            Database database,
            CaHierarchy hierarchy,
            NodeAudit audit,
            SecureRandom random,
            Clock clock) {
        CertificateStatusIndex index = new CertificateStatusIndex();
        CrlPublisher crl =
                new CrlPublisher(hierarchy.issuing(), index, database, config.region(), clock, config.crlRefresh());
        OcspResponder ocsp =
                new OcspResponder(hierarchy.issuing(), hierarchy.ocsp(), index, clock, Duration.ofHours(1));
        CertificateIssuer issuer = new CertificateIssuer(hierarchy.issuing(), random, clock);
        CertificateService certificates = new CertificateService(
                config.registrySettings(), database, hierarchy, issuer, index, crl, ocsp, audit, clock);
        certificates.loadIndex();
        crl.rebuild();

        ClientTrust clientTrust = new ClientTrust(
                hierarchy.root().certificate(), List.of(hierarchy.issuing().certificate()));
        JitpService jitp = new JitpService(config.registrySettings(), database, certificates, clientTrust, clock);
        jitp.loadTrust();
        ProvisioningService provisioning = new ProvisioningService(
                config.registrySettings(), database, certificates, new PreProvisioningHook(), random, clock);
        return new NodeRegistry(hierarchy, index, certificates, crl, ocsp, clientTrust, jitp, provisioning);
    }
}
