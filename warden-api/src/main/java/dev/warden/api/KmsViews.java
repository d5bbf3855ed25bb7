package dev.warden.api;

import dev.warden.kms.KeyMetadata;
import dev.warden.kms.SecretMetadata;
import dev.warden.kms.SecretValue;
import dev.warden.kms.SecretVersion;
import dev.warden.kms.node.KmsArns;
import dev.warden.telemetry.Utf8;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** JSON shapes of keys and secrets. Only {@link #secretValue} carries a secret, and only the one that was asked for. */
final class KmsViews {
    private KmsViews() {}

    static Map<String, Object> key(KeyMetadata k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arn", k.arn());
        m.put("name", k.name());
        m.put("description", k.description());
        m.put("keySpec", k.keySpec().name());
        m.put("keyUsage", k.keyUsage().name());
        m.put("origin", k.origin().name());
        m.put("state", k.state().name());
        m.put("primaryVersion", k.primaryVersion());
        m.put("versions", k.versions());
        m.put("createdAt", text(k.createdAt()));
        m.put("rotatedAt", text(k.rotatedAt()));
        m.put("deletionAt", text(k.deletionAt()));
        return m;
    }

    /** A secret's metadata: labels and version count, never a value. */
    static Map<String, Object> secret(ApiSettings config, SecretMetadata s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("arn", KmsArns.secret(config.region(), config.account(), s.name()));
        m.put("keyArn", s.keyArn());
        m.put("description", s.description());
        m.put("versions", s.versions());
        Map<String, String> labels = new TreeMap<>();
        s.labels().forEach((label, version) -> labels.put(label.name(), version));
        m.put("labels", labels);
        m.put("createdAt", text(s.createdAt()));
        m.put("updatedAt", text(s.updatedAt()));
        m.put("rotatedAt", text(s.rotatedAt()));
        return m;
    }

    static Map<String, Object> secretVersion(ApiSettings config, String name, String versionId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("arn", KmsArns.secret(config.region(), config.account(), name));
        m.put("versionId", versionId);
        return m;
    }

    /** The value read, as {@code value} when it is UTF-8 text, else as {@code valueBase64} (e.g. an HMAC keyset). */
    static Map<String, Object> secretValue(ApiSettings config, SecretVersion v) {
        Map<String, Object> m = secretVersion(config, v.name(), v.versionId());
        m.put("labels", v.labels().stream().map(Enum::name).sorted().toList());
        m.put("createdAt", text(v.createdAt()));
        SecretValue value = v.value();
        byte[] bytes = value.bytes();
        try {
            Utf8.decode(bytes)
                    .ifPresentOrElse(
                            text -> m.put("value", text),
                            () -> m.put("valueBase64", Base64.getEncoder().encodeToString(bytes)));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        return m;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
