package dev.warden.kms;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The regions a node holds keys for, one {@link KeyManagementService} each. Routes a ciphertext to its region's
 * service by the region in its (authenticated) header; a region the node holds no keys for is refused with
 * {@link KmsReason#WRONG_REGION}.
 */
public final class KmsRegions {
    private final Map<String, KeyManagementService> byRegion;

    /** @throws KmsException {@link KmsReason#INVALID_ARGUMENT} if two services are for the same region */
    public KmsRegions(Collection<KeyManagementService> services) {
        Map<String, KeyManagementService> map = new TreeMap<>();
        for (KeyManagementService service : services) {
            if (map.put(service.region(), service) != null) {
                throw new KmsException(KmsReason.INVALID_ARGUMENT, "two key services for region " + service.region());
            }
        }
        this.byRegion = Map.copyOf(map);
    }

    /** @throws KmsException {@link KmsReason#WRONG_REGION} if this node holds no keys for {@code region} */
    public KeyManagementService region(String region) {
        KeyManagementService service = byRegion.get(region);
        if (service == null) {
            throw new KmsException(
                    KmsReason.WRONG_REGION,
                    "this node holds no keys for region '" + region + "' (it holds " + byRegion.keySet() + ")");
        }
        return service;
    }

    /** Decrypts with the service of the ciphertext's region; see {@link KeyManagementService#decrypt}. */
    public byte[] decrypt(EncryptionContext context, byte[] ciphertext) {
        return region(Envelope.parse(ciphertext, Envelope.Kind.DATA).region()).decrypt(context, ciphertext);
    }
}
