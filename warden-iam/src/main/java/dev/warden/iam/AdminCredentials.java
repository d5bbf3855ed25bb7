package dev.warden.iam;

import dev.warden.iam.store.AdminCredentialDao;
import dev.warden.iam.store.PolicyDao;
import dev.warden.policy.DefaultPolicies;
import dev.warden.storage.Database;
import dev.warden.storage.SecureFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * The bootstrap admin credential: 256 random bits, of which only the SHA-256 is stored (a fast hash suffices for a
 * random token of that size; passwords get Argon2id with IAM). The token is written once to
 * {@code DATA/admin-credential} with mode 0600 and never printed.
 */
public final class AdminCredentials {
    public static final String FILE_NAME = "admin-credential";
    private static final String PREFIX = "wdn_admin_";

    private final Database database;
    private final SecureRandom random;
    private final Clock clock;

    public AdminCredentials(Database database, SecureRandom random, Clock clock) {
        this.database = database;
        this.random = random;
        this.clock = clock;
    }

    /** Creates the bootstrap credential if none is active; returns true when one was created. */
    /** The principal type admin credentials have in policies and in the audit trail. */
    public static final String PRINCIPAL_TYPE = "admin";

    public boolean ensureBootstrap(Path dataDir) {
        if (database.read(h -> new AdminCredentialDao(h).countActive()) > 0) {
            return false;
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        // The file first: if the database write fails, nothing usable is left behind, and a retry overwrites it.
        SecureFiles.writeSecret(dataDir.resolve(FILE_NAME), token + "\n", false);
        String id = "bootstrap-" + UUID.randomUUID();
        database.useTransaction(h -> {
            new AdminCredentialDao(h).insert(id, hash(token), clock.instant());
            // The bootstrap credential is an administrator: every action, decided like any other by the policy engine.
            new PolicyDao(h).attachToPrincipal(DefaultPolicies.ADMIN_FULL_NAME, PRINCIPAL_TYPE, id);
        });
        return true;
    }

    /** The id of the credential this bearer token proves, if it is active. */
    public Optional<String> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 128) {
            return Optional.empty();
        }
        String hash = hash(token);
        return database.read(h -> new AdminCredentialDao(h).activeIdForHash(hash));
    }

    public static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
