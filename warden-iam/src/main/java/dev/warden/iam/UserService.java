package dev.warden.iam;

import dev.warden.iam.store.UserDao;
import dev.warden.iam.store.UserRecord;
import dev.warden.kms.EncryptionContext;
import dev.warden.kms.KeyManagementService;
import dev.warden.storage.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * People: Argon2id passwords, TOTP MFA with recovery codes, lockout with exponential backoff, short-lived ES256
 * access tokens and revocable refresh tokens. The TOTP seed is stored only as KMS ciphertext bound to the user.
 */
public final class UserService {
    public static final String PRINCIPAL_TYPE = "user";
    static final int FREE_ATTEMPTS = 5;
    static final Duration MAX_LOCK = Duration.ofHours(1);
    static final Duration REFRESH_TTL = Duration.ofHours(12);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9+=,.@_-]{1,64}");
    private static final String REFRESH_PREFIX = "wdn_refresh_";
    private static final int RECOVERY_CODES = 10;
    /** Verified when the user does not exist, so that timing does not tell which names exist. */
    private static final String DUMMY_HASH = PasswordHasher.RECOMMENDED.hash("not-a-real-password".toCharArray());

    private final Database database;
    private final KeyManagementService kms;
    private final String kmsKey;
    private final TokenService tokens;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final String issuer;
    private final SecureRandom random = new SecureRandom();

    /** The tokens a successful login returns. */
    public record Login(String accessToken, Instant expiresAt, String refreshToken, boolean mfa) {
        @Override
        public String toString() {
            return "Login{expiresAt=" + expiresAt + ", mfa=" + mfa + "}";
        }
    }

    /** What MFA enrollment shows once: the otpauth:// URI (for a QR code), the seed, and recovery codes. */
    public record MfaEnrollment(String otpauthUri, String secretBase32, List<String> recoveryCodes) {
        @Override
        public String toString() {
            return "MfaEnrollment{...}";
        }
    }

    public UserService(
            Database database,
            KeyManagementService kms,
            String kmsKey,
            TokenService tokens,
            PasswordHasher hasher,
            String issuer,
            Clock clock) {
        this.database = database;
        this.kms = kms;
        this.kmsKey = kmsKey;
        this.tokens = tokens;
        this.hasher = hasher;
        this.issuer = issuer;
        this.clock = clock;
    }

    public void create(String name, char[] password) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IamException(IamReason.INVALID_NAME, "a user name is 1-64 of letters, digits and +=,.@_-");
        }
        try {
            PasswordHasher.requireAcceptable(password);
        } catch (IllegalArgumentException e) {
            throw new IamException(IamReason.WEAK_PASSWORD, e.getMessage());
        }
        String hash = hasher.hash(password);
        database.useTransaction(h -> new UserDao(h)
                .insert(new UserRecord(name, hash, null, false, 0, null, 0, Instant.EPOCH, clock.instant())));
    }

    public List<String> names() {
        return database.read(h -> new UserDao(h).names());
    }

    /**
     * Password, then (when enrolled) a TOTP code or a recovery code. Failures count towards a lockout that doubles
     * from one minute after {@value #FREE_ATTEMPTS} failures, up to an hour; a locked account refuses even the
     * right password until the lock ends.
     */
    public Login login(String name, char[] password, String code) {
        Instant now = clock.instant();
        UserRecord user = name == null
                ? null
                : database.read(h -> new UserDao(h).find(name)).orElse(null);
        if (user == null) {
            PasswordHasher.verify(password, DUMMY_HASH);
            throw new IamException(IamReason.INVALID_CREDENTIALS, "user name or password is wrong");
        }
        if (user.lockedUntil().isAfter(now)) {
            throw new IamException(
                    IamReason.ACCOUNT_LOCKED, "too many failed logins; try again after " + user.lockedUntil());
        }
        if (!PasswordHasher.verify(password, user.passwordHash())) {
            fail(user, now);
            throw new IamException(IamReason.INVALID_CREDENTIALS, "user name or password is wrong");
        }
        if (user.disabled()) {
            // Checked after the password, so that a guess learns nothing new and still counts towards the lockout.
            throw new IamException(IamReason.ACCOUNT_DISABLED, "this account is disabled");
        }
        if (user.mfaEnabled()) {
            if (code == null || code.isBlank()) {
                throw new IamException(
                        IamReason.MFA_REQUIRED, "this account needs a one-time code from its authenticator");
            }
            if (!secondFactor(user, code.trim(), now)) {
                fail(user, now);
                throw new IamException(IamReason.INVALID_MFA_CODE, "the one-time code is wrong or already used");
            }
        }
        database.useTransaction(h -> new UserDao(h).recordSuccess(name));
        return issue(name, user.mfaEnabled(), now);
    }

    /**
     * A sign-in proved by the user's client certificate (checked by the caller against the registry: issuing CA,
     * validity, kind, live status, SAN), which counts as possession of a second factor: the tokens carry mfa=true.
     * IAM's own refusals still apply: an unknown or disabled user, and a user locked out by failed logins, stay out.
     * No password was tried, so the failure count is neither raised nor reset.
     */
    public Login loginWithCertificate(String name) {
        Instant now = clock.instant();
        UserRecord user = name == null
                ? null
                : database.read(h -> new UserDao(h).find(name)).orElse(null);
        if (user == null) {
            throw new IamException(IamReason.INVALID_CREDENTIALS, "the certificate names no user");
        }
        if (user.lockedUntil().isAfter(now)) {
            throw new IamException(
                    IamReason.ACCOUNT_LOCKED, "too many failed logins; try again after " + user.lockedUntil());
        }
        if (user.disabled()) {
            throw new IamException(IamReason.ACCOUNT_DISABLED, "this account is disabled");
        }
        return issue(name, true, now);
    }

    private boolean secondFactor(UserRecord user, String code, Instant now) {
        if (code.length() == Totp.DIGITS) {
            byte[] seed = seed(user);
            try {
                long step = Totp.verify(seed, code, now, user.mfaLastStep());
                return step >= 0 && database.inTransaction(h -> new UserDao(h).useMfaStep(user.name(), step));
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
        }
        // A recovery code works once.
        String hash = AdminCredentials.hash(code);
        List<String> remaining = new ArrayList<>(List.of(
                user.recoveryCodes() == null
                        ? new String[0]
                        : user.recoveryCodes().split(",")));
        if (!remaining.remove(hash)) {
            return false;
        }
        database.useTransaction(h -> new UserDao(h).setRecoveryCodes(user.name(), String.join(",", remaining)));
        return true;
    }

    private void fail(UserRecord user, Instant now) {
        int failures = user.failedLogins() + 1;
        Instant lockedUntil = Instant.EPOCH;
        if (failures >= FREE_ATTEMPTS) {
            long minutes = 1L << Math.min(failures - FREE_ATTEMPTS, 6);
            lockedUntil = now.plus(Duration.ofMinutes(Math.min(minutes, MAX_LOCK.toMinutes())));
        }
        Instant until = lockedUntil;
        database.useTransaction(h -> new UserDao(h).recordFailure(user.name(), failures, until));
    }

    private Login issue(String name, boolean mfa, Instant now) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String refresh =
                REFRESH_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        database.useTransaction(h -> new UserDao(h)
                .insertRefreshToken(AdminCredentials.hash(refresh), name, mfa, now.plus(REFRESH_TTL), now));
        TokenService.Issued access = tokens.issue(name, mfa);
        return new Login(access.token(), access.expiresAt(), refresh, mfa);
    }

    /** A new access token for a valid refresh token (the refresh token stays valid until it expires or is revoked). */
    public Login refresh(String refreshToken) {
        Instant now = clock.instant();
        String[] found = refreshToken == null
                ? null
                : database.read(h -> new UserDao(h).activeRefreshToken(AdminCredentials.hash(refreshToken), now))
                        .orElse(null);
        if (found == null) {
            throw new IamException(IamReason.INVALID_REFRESH_TOKEN, "the refresh token is unknown, expired or revoked");
        }
        TokenService.Issued access = tokens.issue(found[0], Boolean.parseBoolean(found[1]));
        return new Login(access.token(), access.expiresAt(), refreshToken, Boolean.parseBoolean(found[1]));
    }

    public void logout(String refreshToken) {
        if (refreshToken == null
                || !database.inTransaction(
                        h -> new UserDao(h).revokeRefreshToken(AdminCredentials.hash(refreshToken)))) {
            throw new IamException(IamReason.INVALID_REFRESH_TOKEN, "the refresh token is unknown or already revoked");
        }
    }

    /**
     * Disables the user: no login, no refresh, and every access token it holds is refused on its next call
     * ({@link PrincipalStatus}). Its refresh tokens are revoked in the same transaction, so that enabling it again
     * does not bring back a session an attacker may hold. Returns false when it was disabled already.
     */
    public boolean disable(String name) {
        return database.inTransaction(h -> {
            UserDao users = new UserDao(h);
            requireUser(users, name);
            boolean changed = users.setDisabled(name, true);
            users.revokeRefreshTokens(name);
            return changed;
        });
    }

    /** Enables a disabled user again (it logs in afresh: its old sessions stay revoked); false if it was enabled. */
    public boolean enable(String name) {
        return database.inTransaction(h -> {
            UserDao users = new UserDao(h);
            requireUser(users, name);
            return users.setDisabled(name, false);
        });
    }

    public boolean disabled(String name) {
        return requireUser(name).disabled();
    }

    /** Revokes every live refresh token of the user; returns how many. Access tokens run out on their own. */
    public int revokeSessions(String name) {
        return database.inTransaction(h -> {
            UserDao users = new UserDao(h);
            requireUser(users, name);
            return users.revokeRefreshTokens(name);
        });
    }

    /**
     * Forgets the user's TOTP seed and recovery codes, so that it must enrol again; its refresh tokens are revoked
     * too, since they vouch for a second factor that may be in someone else's hands. Returns false when the user
     * had no MFA.
     */
    public boolean resetMfa(String name) {
        return database.inTransaction(h -> {
            UserDao users = new UserDao(h);
            requireUser(users, name);
            boolean changed = users.clearMfa(name);
            if (changed) {
                users.revokeRefreshTokens(name);
            }
            return changed;
        });
    }

    /** Starts TOTP enrollment: a new seed (stored encrypted, not yet required) and recovery codes, shown once. */
    public MfaEnrollment beginMfa(String name) {
        requireUser(name);
        byte[] seed = new byte[20];
        random.nextBytes(seed);
        String sealed = Base64.getEncoder().encodeToString(kms.encrypt(kmsKey, context(name), seed));
        List<String> codes = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            byte[] raw = new byte[8];
            random.nextBytes(raw);
            String code = Totp.base32(raw).substring(0, 12).toLowerCase(java.util.Locale.ROOT);
            codes.add(code);
            hashes.add(AdminCredentials.hash(code));
        }
        database.useTransaction(h -> new UserDao(h).setMfa(name, sealed, false, String.join(",", hashes)));
        MfaEnrollment enrollment =
                new MfaEnrollment(Totp.uri(issuer, name, seed), Totp.base32(seed), List.copyOf(codes));
        Arrays.fill(seed, (byte) 0);
        return enrollment;
    }

    /** Turns MFA on once the user proves their authenticator produces the right code. */
    public void confirmMfa(String name, String code) {
        UserRecord user = requireUser(name);
        if (user.mfaSecret() == null) {
            throw new IamException(IamReason.MFA_NOT_STARTED, "start MFA enrollment first");
        }
        byte[] seed = seed(user);
        try {
            long step = Totp.verify(seed, code, clock.instant(), -1);
            if (step < 0) {
                throw new IamException(IamReason.MFA_CODE_MISMATCH, "the code does not match the new authenticator");
            }
            database.useTransaction(h -> new UserDao(h).enableMfa(name, step));
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private byte[] seed(UserRecord user) {
        return kms.decrypt(context(user.name()), Base64.getDecoder().decode(user.mfaSecret()));
    }

    private static EncryptionContext context(String user) {
        return new EncryptionContext("user/" + user, "totp-seed");
    }

    private static UserRecord requireUser(UserDao users, String name) {
        return users.find(name)
                .orElseThrow(() -> new IamException(IamReason.UNKNOWN_USER, "no user named '" + name + "'"));
    }

    private UserRecord requireUser(String name) {
        return database.read(h -> new UserDao(h).find(name))
                .orElseThrow(() -> new IamException(IamReason.UNKNOWN_USER, "no user named '" + name + "'"));
    }
}
