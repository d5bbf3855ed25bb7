package dev.warden.api;

import dev.warden.registry.IssuedCertificate;
import dev.warden.registry.store.CertificateRecord;
import dev.warden.registry.store.Claim;
import dev.warden.registry.store.ManufacturerCa;
import dev.warden.registry.store.ProvisioningTemplate;
import dev.warden.registry.store.Thing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON shapes of the API. Claims never show their token hash; nothing here carries a secret. */
public final class Views {
    private Views() {}

    public static Map<String, Object> thing(Thing t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("region", t.region());
        m.put("account", t.account());
        m.put("thingType", t.thingType());
        m.put("attributes", t.attributes());
        m.put("createdAt", t.createdAt().toString());
        return m;
    }

    public static Map<String, Object> certificate(CertificateRecord c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("serial", c.serial());
        m.put("fingerprint", c.fingerprint());
        m.put("region", c.region());
        m.put("kind", c.kind().name());
        m.put("subjectCommonName", c.subjectCn());
        m.put("status", c.status().name());
        m.put("thingName", c.thingName());
        m.put("claimName", c.claimName());
        m.put("notBefore", c.notBefore().toString());
        m.put("notAfter", c.notAfter().toString());
        m.put("revokedAt", c.revokedAt() == null ? null : c.revokedAt().toString());
        m.put("revocationReason", c.revocationReason());
        m.put("deactivateAt", c.deactivateAt() == null ? null : c.deactivateAt().toString());
        m.put("replacedBy", c.replacedBy());
        return m;
    }

    /** A freshly issued certificate: the record plus the PEM and chain the device installs. */
    public static Map<String, Object> issued(IssuedCertificate issued) {
        Map<String, Object> m = certificate(issued.record());
        m.put("certificatePem", issued.record().pem());
        m.put("chainPem", issued.chainPem());
        return m;
    }

    public static Map<String, Object> template(ProvisioningTemplate t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("namePattern", t.namePattern());
        m.put("thingType", t.thingType());
        m.put("attributes", t.attributes());
        m.put("allowedRegions", t.allowedRegions());
        m.put("policy", t.policyName());
        m.put("initialStatus", t.initialStatus().name());
        m.put("hook", t.hookType().name());
        m.put("hookConfig", t.hookConfig());
        m.put("enabled", t.enabled());
        m.put("createdAt", t.createdAt().toString());
        return m;
    }

    public static Map<String, Object> claim(Claim c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("kind", c.kind().name());
        m.put("template", c.templateName());
        m.put("status", c.status().name());
        m.put("maxUses", c.maxUses());
        m.put("uses", c.uses());
        m.put("expiresAt", c.expiresAt() == null ? null : c.expiresAt().toString());
        m.put("createdAt", c.createdAt().toString());
        return m;
    }

    public static Map<String, Object> manufacturerCa(ManufacturerCa ca) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fingerprint", ca.fingerprint());
        m.put("subject", ca.subject());
        m.put("template", ca.templateName());
        m.put("status", ca.status());
        m.put("createdAt", ca.createdAt().toString());
        return m;
    }

    public static <T> Map<String, Object> list(
            String key, List<T> items, java.util.function.Function<T, Map<String, Object>> view) {
        return Map.of(key, items.stream().map(view).toList());
    }

    public static Map<String, Object> policy(dev.warden.iam.store.PolicyRecord p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("builtIn", p.builtIn());
        m.put("scope", p.scope().column());
        m.put("document", p.document());
        m.put("createdAt", p.createdAt().toString());
        m.put("updatedAt", p.updatedAt().toString());
        return m;
    }
}
