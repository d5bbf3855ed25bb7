package dev.warden.console;

import dev.warden.console.core.SessionLifetime;
import dev.warden.registry.UserCertificates;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The console's signed-in sessions, in this node's memory only: a restart signs everyone out. A session is found by
 * the SHA-256 of its cookie (the cookie itself is kept nowhere), lives by {@link SessionLifetime}, and ends for good
 * on sign-out or expiry, when {@code onEnd} also revokes the IAM refresh token its sign-in was issued.
 */
final class ConsoleSessions {
    /** Beyond this many live sessions on one node, a new sign-in is refused rather than an old one evicted. */
    static final int MAX_SESSIONS = 1_000;

    private final SessionLifetime lifetime;
    private final Clock clock;
    private final Consumer<Session> onEnd;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byHash = new ConcurrentHashMap<>();

    /** One session: who, whether the sign-in proved a second factor, its CSRF token and its times. */
    static final class Session {
        /** A prefix of the cookie's hash: names the session in the trail, useless to an attacker. */
        final String id;

        final String user;
        final boolean mfa;
        final String refreshToken;
        /** The client certificate that signed the user in, or null for a password and TOTP sign-in. */
        final UserCertificates.CertificateIdentity certificate;

        final String csrf;
        final Instant signedIn;
        volatile Instant lastUsed;

        private Session(
                String id,
                String user,
                boolean mfa,
                String refreshToken,
                UserCertificates.CertificateIdentity certificate,
                String csrf,
                Instant signedIn) {
            this.id = id;
            this.user = user;
            this.mfa = mfa;
            this.refreshToken = refreshToken;
            this.certificate = certificate;
            this.csrf = csrf;
            this.signedIn = signedIn;
            this.lastUsed = signedIn;
        }

        @Override
        public String toString() {
            return "Session{user=" + user + ", signedIn=" + signedIn + "}";
        }
    }

    /** A new session and the cookie value that names it (shown to the browser once, kept nowhere). */
    record Created(String cookie, Session session) {}

    ConsoleSessions(SessionLifetime lifetime, Clock clock, Consumer<Session> onEnd) {
        this.lifetime = lifetime;
        this.clock = clock;
        this.onEnd = onEnd;
    }

    SessionLifetime lifetime() {
        return lifetime;
    }

    /** Starts a session; empty when the node already holds {@link #MAX_SESSIONS} live ones. */
    Optional<Created> create(String user, boolean mfa, String refreshToken) {
        return create(user, mfa, refreshToken, null);
    }

    /** Starts a session signed in by {@code certificate} (null: by password and TOTP). */
    Optional<Created> create(
            String user, boolean mfa, String refreshToken, UserCertificates.CertificateIdentity certificate) {
        Instant now = clock.instant();
        byHash.forEach((hash, s) -> {
            if (lifetime.check(s.signedIn, s.lastUsed, now) != SessionLifetime.Verdict.LIVE) {
                end(hash);
            }
        });
        if (byHash.size() >= MAX_SESSIONS) {
            return Optional.empty();
        }
        String cookie = token();
        String hash = hash(cookie);
        Session session = new Session(hash.substring(0, 16), user, mfa, refreshToken, certificate, token(), now);
        byHash.put(hash, session);
        return Optional.of(new Created(cookie, session));
    }

    /** The live session this cookie names, marked as used now; an expired one is ended and not returned. */
    Optional<Session> use(String cookie) {
        return use(cookie, true);
    }

    /**
     * The live session this cookie names; {@code touch} false for what the page does on its own (the overview's
     * polling), which must not keep an unattended session alive past its idle timeout.
     */
    Optional<Session> use(String cookie, boolean touch) {
        if (cookie == null || cookie.isEmpty() || cookie.length() > 128) {
            return Optional.empty();
        }
        String hash = hash(cookie);
        Session session = byHash.get(hash);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (lifetime.check(session.signedIn, session.lastUsed, now) != SessionLifetime.Verdict.LIVE) {
            end(hash);
            return Optional.empty();
        }
        if (touch) {
            session.lastUsed = now;
        }
        return Optional.of(session);
    }

    /** Ends the session this cookie names (sign-out); false when there was none. */
    boolean signOut(String cookie) {
        return cookie != null && end(hash(cookie));
    }

    int live() {
        return byHash.size();
    }

    private boolean end(String hash) {
        Session removed = byHash.remove(hash);
        if (removed == null) {
            return false;
        }
        onEnd.accept(removed);
        return true;
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String cookie) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(cookie.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
