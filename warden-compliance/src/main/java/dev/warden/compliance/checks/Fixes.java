package dev.warden.compliance.checks;

import dev.warden.compliance.core.Fix;
import dev.warden.compliance.inventory.PrincipalRef;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The one-command fixes: each is the CLI command a person would type and the admin API call that command makes,
 * with the IAM action the route authorizes. Run by {@code warden compliance fix} with the caller's own credential,
 * so a fix is allowed, refused and audited exactly as that person's own call.
 */
public final class Fixes {
    /** Principal types and how {@code warden policy detach} names them (option, body field). */
    private static final Map<String, String[]> PRINCIPALS = Map.of(
            "user",
            new String[] {"--user", "user"},
            "group",
            new String[] {"--group", "group"},
            "role",
            new String[] {"--role", "role"},
            "service",
            new String[] {"--service", "service"},
            "admin",
            new String[] {"--admin", "admin"},
            PrincipalRef.THING_GROUP,
            new String[] {"--thing-group", "thingGroup"});

    private Fixes() {}

    static Fix revokeCertificate(String serial, String reason) {
        return new Fix(
                "warden cert revoke " + serial + " --reason " + reason,
                "POST",
                "/certificates/" + segment(serial) + "/revoke",
                "warden:RevokeCertificate",
                "{\"reason\":\"" + reason + "\"}");
    }

    static Fix deactivateCertificate(String serial) {
        return new Fix(
                "warden cert deactivate " + serial,
                "POST",
                "/certificates/" + segment(serial) + "/status",
                "warden:UpdateCertificateStatus",
                "{\"status\":\"INACTIVE\"}");
    }

    /** A manufacturer CA registers no more devices; the ones it registered keep their certificates. */
    static Fix deactivateManufacturerCa(String fingerprint) {
        return new Fix(
                "warden manufacturer-ca deactivate " + fingerprint,
                "POST",
                "/manufacturer-cas/" + segment(fingerprint) + "/deactivate",
                "warden:DeactivateManufacturerCa",
                null);
    }

    static Fix deleteBucketPolicy(String bucket) {
        return new Fix(
                "warden bucket policy-delete " + bucket,
                "DELETE",
                "/buckets/" + segment(bucket) + "/policy",
                "warden:DeleteBucketPolicy",
                null);
    }

    static Fix blockPublicAccess() {
        return new Fix(
                "warden bucket public-access-block --on",
                "PUT",
                "/public-access-block",
                "warden:PutPublicAccessBlock",
                "{\"blockPublicPolicy\":true}");
    }

    static Fix rotateKey(String name) {
        return new Fix(
                "warden kms rotate " + name, "POST", "/kms/keys/" + segment(name) + "/rotate", "kms:RotateKey", null);
    }

    static Fix rotateSecret(String name) {
        return new Fix(
                "warden secret rotate " + name,
                "POST",
                "/secrets/" + segment(name) + "/rotate",
                "secrets:RotateSecret",
                "{}");
    }

    /** Detaches a policy from one principal; null when the principal type has no detach option. */
    static Fix detachPolicy(String policy, PrincipalRef principal) {
        String[] how = PRINCIPALS.get(principal.type());
        if (how == null) {
            return null;
        }
        return new Fix(
                "warden policy detach " + policy + " " + how[0] + " " + principal.id(),
                "POST",
                "/policies/" + segment(policy) + "/detach",
                "iam:DetachPolicy",
                "{\"" + how[1] + "\":" + jsonString(principal.id()) + "}");
    }

    static Fix revokeApiKey(String account, String keyId) {
        return new Fix(
                "warden service-account revoke-key " + account + " " + keyId,
                "DELETE",
                "/service-accounts/" + segment(account) + "/keys/" + segment(keyId),
                "iam:DeleteAccessKey",
                null);
    }

    static Fix revokeServiceCertificate(String account, String serial) {
        return new Fix(
                "warden service-account revoke-cert " + account + " " + serial,
                "POST",
                "/service-accounts/" + segment(account) + "/certificates/" + segment(serial) + "/revoke",
                "iam:RevokeServiceAccountCertificate",
                "{}");
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String jsonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
