package dev.warden.registry.residency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A region's device certificates with their status and its device policies, as its standby replicates them: the
 * devices and the documents of the policies they name. {@link #version()} changes exactly when the content does, so
 * that a standby asking again is answered "unchanged" cheaply.
 */
public record DeviceStatusSnapshot(List<ReplicatedDevice> devices, Map<String, String> policies) {
    public DeviceStatusSnapshot {
        devices = List.copyOf(devices);
        policies = Map.copyOf(policies);
    }

    /** Hex SHA-256 over every field in a fixed order (devices by serial, policies and attributes by name). */
    public String version() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            devices.stream()
                    .sorted(java.util.Comparator.comparing(ReplicatedDevice::serial))
                    .forEach(d -> {
                        field(digest, d.serial());
                        field(digest, d.fingerprint());
                        field(digest, d.thing());
                        field(digest, d.status());
                        new TreeMap<>(d.attributes()).forEach((k, v) -> {
                            field(digest, k);
                            field(digest, v);
                        });
                        field(digest, "|policies");
                        d.policies().stream().sorted().forEach(p -> field(digest, p));
                        field(digest, "|device");
                    });
            new TreeMap<>(policies).forEach((name, document) -> {
                field(digest, name);
                field(digest, document);
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** Length-prefixed, so that no two different contents hash alike by shifting a boundary. */
    private static void field(MessageDigest digest, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }
}
