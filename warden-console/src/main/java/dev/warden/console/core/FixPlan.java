package dev.warden.console.core;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A finding's stored one-command fix, read as one of the calls the console can make for the signed-in user: the
 * fix's admin API call (method, path, IAM action, body) must be exactly one of the {@link Kind}s, or the console does
 * not run it and the page shows its CLI command instead. {@code target} is the name the call acts on (a key, a
 * secret, a bucket, a certificate serial; empty for the account-wide Block Public Access), {@code reason} the
 * revocation reason of a certificate's revocation.
 */
public record FixPlan(Kind kind, String target, String reason) {
    private static final Pattern REASON = Pattern.compile("\\{\"reason\":\"([A-Za-z]{1,40})\"}");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~%-]{1,512}");

    /** The fixes the console runs: each is the API's route of the same method, path and action. */
    public enum Kind {
        ROTATE_KEY("rotate-key", "kms:RotateKey", "POST", "/kms/keys/", "/rotate"),
        ROTATE_SECRET("rotate-secret", "secrets:RotateSecret", "POST", "/secrets/", "/rotate"),
        DELETE_BUCKET_POLICY("delete-bucket-policy", "warden:DeleteBucketPolicy", "DELETE", "/buckets/", "/policy"),
        BLOCK_PUBLIC_ACCESS("block-public-access", "warden:PutPublicAccessBlock", "PUT", "/public-access-block", ""),
        REVOKE_CERTIFICATE("revoke-certificate", "warden:RevokeCertificate", "POST", "/certificates/", "/revoke");

        private final String slug;
        private final String action;
        private final String method;
        private final String prefix;
        private final String suffix;

        Kind(String slug, String action, String method, String prefix, String suffix) {
            this.slug = slug;
            this.action = action;
            this.method = method;
            this.prefix = prefix;
            this.suffix = suffix;
        }

        /** The last segment of the console's route that runs this kind of fix. */
        public String slug() {
            return slug;
        }

        /** The IAM action of the API's route, and so of the console's. */
        public String action() {
            return action;
        }
    }

    /**
     * The plan of a stored fix, or empty when it is none of the {@link Kind}s exactly (another call, another body, a
     * path with more segments than the route has): a stored value never picks what the console calls.
     */
    public static Optional<FixPlan> of(String method, String path, String iamAction, String body) {
        if (method == null || path == null || iamAction == null) {
            return Optional.empty();
        }
        for (Kind kind : Kind.values()) {
            if (!kind.method.equals(method) || !kind.action.equals(iamAction)) {
                continue;
            }
            if (kind == Kind.BLOCK_PUBLIC_ACCESS) {
                return path.equals(kind.prefix) && "{\"blockPublicPolicy\":true}".equals(body)
                        ? Optional.of(new FixPlan(kind, "", ""))
                        : Optional.empty();
            }
            if (!path.startsWith(kind.prefix) || !path.endsWith(kind.suffix)) {
                return Optional.empty();
            }
            String segment = path.substring(kind.prefix.length(), path.length() - kind.suffix.length());
            if (!SEGMENT.matcher(segment).matches()) {
                return Optional.empty();
            }
            String target = URLDecoder.decode(segment, StandardCharsets.UTF_8);
            if (kind == Kind.REVOKE_CERTIFICATE) {
                Matcher reason = REASON.matcher(body == null ? "" : body);
                return reason.matches() ? Optional.of(new FixPlan(kind, target, reason.group(1))) : Optional.empty();
            }
            String expectedBody = kind == Kind.ROTATE_SECRET ? "{}" : null;
            return java.util.Objects.equals(expectedBody, body)
                    ? Optional.of(new FixPlan(kind, target, ""))
                    : Optional.empty();
        }
        return Optional.empty();
    }

    /** What running the fix will do, in the words the confirmation page shows before anything changes. */
    public String effect() {
        return switch (kind) {
            case ROTATE_KEY ->
                "Rotates KMS key " + target + ": a new key version encrypts from now on;"
                        + " every earlier version keeps decrypting what it encrypted.";
            case ROTATE_SECRET ->
                "Rotates secret " + target + " with a new random password: the new version becomes"
                        + " CURRENT and the old one PREVIOUS; its users must read CURRENT again.";
            case DELETE_BUCKET_POLICY ->
                "Deletes the policy of bucket " + target + ": from then on only principals"
                        + " whose own IAM policies allow it can reach the bucket.";
            case BLOCK_PUBLIC_ACCESS ->
                "Turns Block Public Access on for the account: no bucket policy that grants"
                        + " to everyone (Principal *) is accepted any more.";
            case REVOKE_CERTIFICATE ->
                "Revokes certificate " + target + " with reason " + reason + ": the device"
                        + " using it is disconnected and cannot connect with it again.";
        };
    }
}
