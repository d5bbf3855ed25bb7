package dev.warden.iam;

import dev.warden.iam.store.ServiceAccountDao;
import dev.warden.storage.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Applications' identities: service accounts with API keys that expire, rotate (create a new key, then revoke the
 * old) and can be revoked at once. Only a key's SHA-256 is stored; the key is returned once, at creation.
 */
public final class ServiceAccounts {
    public static final String PRINCIPAL_TYPE = "service";
    static final String PREFIX = "wdn_key_";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9+=,.@_-]{1,64}");
    private static final Duration MAX_LIFETIME = Duration.ofDays(365);

    private final Database database;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** A new key: shown once. */
    public record NewKey(String id, String key, Instant expiresAt) {
        @Override
        public String toString() {
            return "NewKey{id=" + id + ", expiresAt=" + expiresAt + "}";
        }
    }

    /** An authenticated key: its account and key id. */
    public record KeyIdentity(String account, String keyId) {}

    public ServiceAccounts(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public void create(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IamException(
                    IamReason.INVALID_NAME, "a service account name is 1-64 of letters, digits and +=,.@_-");
        }
        database.useTransaction(h -> new ServiceAccountDao(h).create(name, clock.instant()));
    }

    public NewKey createKey(String account, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IamException(
                    IamReason.INVALID_DURATION, "an API key lives at most " + MAX_LIFETIME.toDays() + " days");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String id = UUID.randomUUID().toString().substring(0, 8);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        database.useTransaction(h -> {
            ServiceAccountDao dao = new ServiceAccountDao(h);
            if (!dao.exists(account)) {
                throw new IamException(IamReason.UNKNOWN_SERVICE_ACCOUNT, "no service account '" + account + "'");
            }
            dao.addKey(id, account, AdminCredentials.hash(key), expires, now);
        });
        return new NewKey(id, key, expires);
    }

    public void revokeKey(String account, String id) {
        if (!database.inTransaction(h -> new ServiceAccountDao(h).revokeKey(account, id))) {
            throw new IamException(IamReason.UNKNOWN_KEY, "no active key '" + id + "' for '" + account + "'");
        }
    }

    /**
     * Disables the account: its API keys and client certificates are refused on their next call, as are role
     * sessions it assumed. Its keys are revoked in the same transaction, so that enabling it again does not bring
     * back a key an attacker may hold. Returns false when it was disabled already.
     */
    public boolean disable(String account) {
        return database.inTransaction(h -> {
            ServiceAccountDao dao = requireAccount(h, account);
            boolean changed = dao.setDisabled(account, true);
            dao.revokeAllKeys(account);
            return changed;
        });
    }

    /** Enables a disabled account again (with new keys: its old ones stay revoked); false if it was enabled. */
    public boolean enable(String account) {
        return database.inTransaction(h -> requireAccount(h, account).setDisabled(account, false));
    }

    /** Revokes every key of the account; returns how many were still live. */
    public int revokeAllKeys(String account) {
        return database.inTransaction(h -> requireAccount(h, account).revokeAllKeys(account));
    }

    private static ServiceAccountDao requireAccount(org.jdbi.v3.core.Handle h, String account) {
        ServiceAccountDao dao = new ServiceAccountDao(h);
        if (!dao.exists(account)) {
            throw new IamException(IamReason.UNKNOWN_SERVICE_ACCOUNT, "no service account '" + account + "'");
        }
        return dao;
    }

    public List<ServiceAccountDao.ApiKey> keys(String account) {
        return database.read(h -> new ServiceAccountDao(h).keys(account));
    }

    /** The key's account when it is an active, unexpired API key; empty for anything else. */
    public Optional<KeyIdentity> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 128) {
            return Optional.empty();
        }
        return database.read(h -> new ServiceAccountDao(h).activeKey(AdminCredentials.hash(token), clock.instant()))
                .map(found -> new KeyIdentity(found[0], found[1]));
    }

    public boolean exists(String name) {
        return database.read(h -> new ServiceAccountDao(h).exists(name));
    }
}
