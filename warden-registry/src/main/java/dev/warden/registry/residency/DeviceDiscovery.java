package dev.warden.registry.residency;

import dev.warden.gateway.AuthenticationResult;
import dev.warden.gateway.DeviceAuthenticator;
import dev.warden.policy.Arn;
import dev.warden.registry.RegistryException;
import dev.warden.registry.RegistryReason;
import dev.warden.registry.tls.ClientTrust;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a device belongs, asked by the device itself with its own certificate chain: this region's active devices
 * are answered with this region's gateway, another active member's devices ({@link Residency#homeOf}) with theirs.
 * The answer is the same the gateway gives at CONNECT (Use Another Server), only without a failed connection first.
 *
 * <p>A device of another region gets its home's endpoint from the membership alone: its certificate's status is its
 * home region's to decide, as at the gateway, and the home gateway refuses it if it is revoked. Nothing of it is
 * looked up or stored here.
 */
public final class DeviceDiscovery {
    /** The answer: the thing (or claim) the certificate names, its home region and that region's gateway. */
    public record Answer(String thing, String homeRegion, String mqtt) {}

    private final String region;
    private final ClientTrust local;
    private final DeviceAuthenticator localDevices;
    private final Residency residency;
    private final Supplier<String> ownMqttUrl;
    private final GuestDevices guests;

    /**
     * @param ownMqttUrl this region's gateway as {@code mqtts://host:port}, read per answer (the port may be bound
     *                   after the API starts)
     */
    public DeviceDiscovery(
            String region,
            ClientTrust local,
            DeviceAuthenticator localDevices,
            Residency residency,
            Supplier<String> ownMqttUrl) {
        this(region, local, localDevices, residency, ownMqttUrl, GuestDevices.NONE);
    }

    /** @param guests the regions failed over to this one: their devices are answered with this region's gateway */
    public DeviceDiscovery(
            String region,
            ClientTrust local,
            DeviceAuthenticator localDevices,
            Residency residency,
            Supplier<String> ownMqttUrl,
            GuestDevices guests) {
        this.region = Objects.requireNonNull(region, "region");
        this.local = local;
        this.localDevices = localDevices;
        this.residency = residency;
        this.ownMqttUrl = ownMqttUrl;
        this.guests = guests;
    }

    /** Whether {@code chain} is one this region's own trust accepts (its CA or a manufacturer CA). */
    public boolean isLocal(X509Certificate[] chain) {
        try {
            local.validate(chain);
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    /** @throws RegistryException with the reason the chain names no device this deployment can place */
    public Answer discover(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            throw new RegistryException(RegistryReason.UNAUTHENTICATED, "discovery needs the device's certificate");
        }
        return isLocal(chain) ? ownDevice(chain) : otherRegionsDevice(chain);
    }

    private Answer ownDevice(X509Certificate[] chain) {
        AuthenticationResult result = localDevices.authenticate(chain);
        if (result instanceof AuthenticationResult.Accepted accepted) {
            return new Answer(accepted.identity().thingName(), region, endpoint(ownMqttUrl.get(), region));
        }
        RegistryReason reason = RegistryReason.CERTIFICATE_UNKNOWN;
        if (result instanceof AuthenticationResult.Rejected rejected) {
            if (rejected.reason() == AuthenticationResult.RejectionReason.CERTIFICATE_REVOKED) {
                reason = RegistryReason.CERTIFICATE_REVOKED;
            } else if (rejected.reason() == AuthenticationResult.RejectionReason.CERTIFICATE_INACTIVE) {
                reason = RegistryReason.CERTIFICATE_INACTIVE;
            }
        }
        // The authenticator's detail is for the trail, not the caller: the serial alone is enough here.
        throw new RegistryException(
                reason, "certificate " + chain[0].getSerialNumber().toString(16) + " names no active device here");
    }

    private Answer otherRegionsDevice(X509Certificate[] chain) {
        residency.refreshIfOlderThan(ResidentDeviceAuthenticator.MEMBERSHIP_MAX_AGE);
        Optional<Residency.Home> home = residency.homeOf(chain);
        if (home.isEmpty()) {
            throw new RegistryException(
                    RegistryReason.UNTRUSTED_CERTIFICATE,
                    "the certificate names no device of this region or of an active region of its deployment");
        }
        HomeRegion other = home.get().region();
        String resource = Arn.tryParse(home.get().device()).map(Arn::resource).orElse("");
        String thing = resource.substring(resource.indexOf('/') + 1);
        if (guests.serves(other.region())) {
            // Its home is failed over to this region: served here, by the same decision as at CONNECT.
            AuthenticationResult result = guests.authenticate(other.region(), chain[0]);
            if (!(result instanceof AuthenticationResult.Accepted)) {
                throw new RegistryException(
                        RegistryReason.CERTIFICATE_UNKNOWN,
                        "certificate " + chain[0].getSerialNumber().toString(16) + " names no active device of "
                                + other.region());
            }
            return new Answer(thing, other.region(), endpoint(ownMqttUrl.get(), region));
        }
        if (other.serverReference().isEmpty()) {
            throw new RegistryException(
                    RegistryReason.HOME_ENDPOINT_UNKNOWN, other.region() + " has recorded no gateway endpoint");
        }
        return new Answer(thing, other.region(), other.serverReference());
    }

    private static String endpoint(String mqttUrl, String region) {
        String reference = HomeRegion.serverReference(mqttUrl);
        if (reference.isEmpty()) {
            throw new RegistryException(RegistryReason.HOME_ENDPOINT_UNKNOWN, region + " has no gateway endpoint");
        }
        return reference;
    }
}
