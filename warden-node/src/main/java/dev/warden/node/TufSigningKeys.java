package dev.warden.node;

import dev.warden.firmware.repository.RepositoryKeys;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.KeyMetadata;
import dev.warden.kms.KeyOrigin;
import dev.warden.kms.KeySpec;
import dev.warden.kms.KeyState;
import dev.warden.kms.KmsSigningKey;
import dev.warden.tuf.TopLevelRole;
import dev.warden.tuf.TufKey;
import dev.warden.tuf.TufSigner;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The update repositories' signing keys as KMS keys, one role's keys named {@code warden-tuf-<role>} (the first) and
 * {@code warden-tuf-<role>-<UTC time>} (each rotation). A role signs with its newest enabled key; older enabled keys
 * still sign only to vouch for a new root. {@link #rotate} makes a new key; the caller publishes new metadata with
 * it, then {@link #retire}s the old ones (scheduled for deletion, the KMS's minimum wait). No private key leaves the
 * KMS: each signature is a {@code kms:Sign}. New keys (the first ones, and each rotation's) are of the origin the node
 * was given: {@link KeyOrigin#HSM} keeps them in the node's HSM, where they sign; keys that exist stay as they are.
 */
final class TufSigningKeys implements RepositoryKeys {
    static final String PREFIX = "warden-tuf-";
    private static final DateTimeFormatter SUFFIX =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final KeyManagementService kms;
    private final KeyOrigin origin;
    private final String account;
    private final Clock clock;
    private volatile Map<TopLevelRole, TufSigner> current = Map.of();
    private volatile Map<String, TufSigner> all = Map.of();

    TufSigningKeys(KeyManagementService kms, KeyOrigin origin, String account, Clock clock) {
        this.kms = kms;
        this.origin = origin;
        this.account = account;
        this.clock = clock;
        for (TopLevelRole role : TopLevelRole.values()) {
            if (keysOf(role).isEmpty()) {
                create(role, PREFIX + role.jsonName());
            }
        }
        reload();
    }

    @Override
    public TufSigner signer(TopLevelRole role) {
        return current.get(role);
    }

    @Override
    public Optional<TufSigner> byKeyId(String keyId) {
        return Optional.ofNullable(all.get(keyId));
    }

    /** A new key for {@code role}, current from now on; returns its name. The old ones still sign until retired. */
    synchronized String rotate(TopLevelRole role) {
        String name = PREFIX + role.jsonName() + "-" + SUFFIX.format(clock.instant());
        create(role, name);
        reload();
        return name;
    }

    /** Schedules every key of {@code role} but the current one for deletion; returns their names. */
    synchronized List<String> retire(TopLevelRole role) {
        List<KeyMetadata> keys = keysOf(role);
        List<String> retired =
                keys.subList(0, keys.size() - 1).stream().map(KeyMetadata::name).toList();
        retired.forEach(name -> kms.scheduleKeyDeletion(name, KeyManagementService.MIN_DELETION_DAYS));
        reload();
        return retired;
    }

    private void create(TopLevelRole role, String name) {
        kms.createKey(
                account,
                name,
                "Signs the " + role.jsonName() + " metadata of the firmware update repositories",
                KeySpec.ECC_NIST_P256,
                origin);
    }

    /** The role's enabled keys, oldest first. */
    private List<KeyMetadata> keysOf(TopLevelRole role) {
        String first = PREFIX + role.jsonName();
        return kms.listKeys().stream()
                .filter(k -> k.state() == KeyState.ENABLED)
                .filter(k -> k.name().equals(first) || k.name().startsWith(first + "-"))
                .sorted(Comparator.comparing(KeyMetadata::createdAt).thenComparing(KeyMetadata::name))
                .toList();
    }

    private void reload() {
        Map<TopLevelRole, TufSigner> roles = new EnumMap<>(TopLevelRole.class);
        Map<String, TufSigner> byId = new LinkedHashMap<>();
        for (TopLevelRole role : TopLevelRole.values()) {
            for (KeyMetadata key : keysOf(role)) {
                TufSigner signer = signer(KmsSigningKey.open(kms, key.name()));
                byId.put(signer.key().keyId(), signer);
                roles.put(role, signer); // the newest wins
            }
        }
        current = roles;
        all = byId;
    }

    private static TufSigner signer(KmsSigningKey key) {
        TufKey tufKey = TufKey.ecdsaP256(key.publicKey().toPublicKey());
        return new TufSigner() {
            @Override
            public TufKey key() {
                return tufKey;
            }

            @Override
            public byte[] sign(byte[] message) {
                return key.sign(message);
            }
        };
    }
}
