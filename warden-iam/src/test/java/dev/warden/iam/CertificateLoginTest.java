package dev.warden.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.iam.store.UserDao;
import dev.warden.iam.store.UserRecord;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sign-in proved by a client certificate: a second factor for the tokens, never a way around IAM's own refusals
 * (the certificate itself is checked by the registry before this is called).
 */
class CertificateLoginTest {
    private static final PasswordHasher FAST = new PasswordHasher(1024, 1, 1);

    @TempDir
    Path dir;

    private Database database;
    private TokenService tokens;
    private UserService users;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(null, dir);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair signing = generator.generateKeyPair();
        Clock clock = Clock.systemUTC();
        tokens = new TokenService(
                (ECPrivateKey) signing.getPrivate(),
                (ECPublicKey) signing.getPublic(),
                "warden:eu-west-1:default",
                clock,
                TokenService.DEFAULT_TTL);
        users = new UserService(database, null, null, tokens, FAST, "Warden test", clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aCertificateSignInCountsAsASecondFactorAndGivesARevocableRefreshToken() {
        users.create("alice", "a long enough password".toCharArray());

        UserService.Login login = users.loginWithCertificate("alice");

        assertThat(login.mfa()).isTrue();
        assertThat(tokens.verify(login.accessToken()))
                .hasValueSatisfying(token -> assertThat(token.mfa()).isTrue());
        assertThat(users.refresh(login.refreshToken()).mfa()).isTrue();
        users.logout(login.refreshToken());
        assertThatThrownBy(() -> users.refresh(login.refreshToken()))
                .isInstanceOfSatisfying(
                        IamException.class, e -> assertThat(e.reason()).isEqualTo(IamReason.INVALID_REFRESH_TOKEN));
    }

    @Test
    void aDisabledUserStaysOutWhateverCertificateTheyHold() {
        // GIVEN a user an operator disabled
        users.create("mallory", "a long enough password".toCharArray());
        users.disable("mallory");

        // WHEN their (still valid) certificate signs in THEN IAM refuses
        assertThatThrownBy(() -> users.loginWithCertificate("mallory"))
                .isInstanceOfSatisfying(
                        IamException.class, e -> assertThat(e.reason()).isEqualTo(IamReason.ACCOUNT_DISABLED));
    }

    @Test
    void aLockedOutUserIsNotLetInByACertificateNorUnlockedByIt() {
        // GIVEN a user locked out by failed password logins
        users.create("bob", "a long enough password".toCharArray());
        for (int i = 0; i < UserService.FREE_ATTEMPTS; i++) {
            assertThatThrownBy(() -> users.login("bob", "a wrong guess here".toCharArray(), null))
                    .isInstanceOf(IamException.class);
        }
        UserRecord locked = database.read(h -> new UserDao(h).find("bob")).orElseThrow();
        assertThat(locked.lockedUntil()).isAfter(Instant.now());

        // WHEN a certificate signs in THEN the lock holds, and its count is left as it was
        assertThatThrownBy(() -> users.loginWithCertificate("bob"))
                .isInstanceOfSatisfying(
                        IamException.class, e -> assertThat(e.reason()).isEqualTo(IamReason.ACCOUNT_LOCKED));
        UserRecord after = database.read(h -> new UserDao(h).find("bob")).orElseThrow();
        assertThat(after.failedLogins()).isEqualTo(locked.failedLogins());
        assertThat(after.lockedUntil()).isEqualTo(locked.lockedUntil());
    }

    @Test
    void aCertificateNamingNoUserIsRefused() {
        assertThatThrownBy(() -> users.loginWithCertificate("ghost"))
                .isInstanceOfSatisfying(
                        IamException.class, e -> assertThat(e.reason()).isEqualTo(IamReason.INVALID_CREDENTIALS));
    }
}
