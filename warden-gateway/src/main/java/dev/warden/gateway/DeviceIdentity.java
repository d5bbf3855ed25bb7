package dev.warden.gateway;

import java.util.Map;
import java.util.Objects;

/**
 * Who a verified client certificate belongs to, as decided by the caller's {@link DeviceAuthenticator}.
 *
 * @param thingName         the thing the certificate is attached to; the principal of every policy decision
 * @param serialHex         the certificate's serial number in hex (any case, leading zeros allowed)
 * @param sha256Fingerprint hex SHA-256 of the certificate's DER encoding
 * @param attributes        thing attributes, visible to policies as {@code iot:Connection.Thing.Attributes[name]}
 * @param homeRegion        empty for this region's own devices; for a device of another region served here while its
 *                          region is failed over, that region: its policies name resources there, and its data is
 *                          kept apart, to be handed back
 */
public record DeviceIdentity(
        String thingName,
        String serialHex,
        String sha256Fingerprint,
        Map<String, String> attributes,
        String homeRegion) {

    public DeviceIdentity {
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(serialHex, "serialHex");
        Objects.requireNonNull(sha256Fingerprint, "sha256Fingerprint");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        homeRegion = homeRegion == null ? "" : homeRegion;
        if (thingName.isEmpty()) {
            throw new IllegalArgumentException("thingName must not be empty");
        }
    }

    /** A device of this region. */
    public DeviceIdentity(
            String thingName, String serialHex, String sha256Fingerprint, Map<String, String> attributes) {
        this(thingName, serialHex, sha256Fingerprint, attributes, "");
    }

    /** Whether this is another region's device, served here while its region is failed over. */
    public boolean isGuest() {
        return !homeRegion.isEmpty();
    }

    /**
     * The attribute that marks a provisioning claim's identity: such a connection may use any client ID (the device
     * it is about to become has no certificate yet) and only the provisioning topics its policy allows.
     */
    public static final String CLAIM_ATTRIBUTE = "warden:claim";

    /** Whether this identity is a provisioning claim, not a device. */
    public boolean isClaim() {
        return attributes.containsKey(CLAIM_ATTRIBUTE);
    }
}
