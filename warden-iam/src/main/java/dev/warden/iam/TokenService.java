package dev.warden.iam;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Short-lived access tokens: JWTs signed ES256 (Nimbus JOSE+JWT) with the node's token-signing key, 15 minutes by
 * default, naming the user and whether MFA was used ({@code amr}). The public key is served as a JWK set so that
 * other services can verify tokens without calling the node.
 */
public final class TokenService {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
    static final String AUDIENCE = "warden-admin";

    private final ECKey publicJwk;
    private final ECDSASigner signer;
    private final ECDSAVerifier verifier;
    private final String issuer;
    private final Clock clock;
    private final Duration ttl;

    /**
     * A verified token's claims. For a role session, {@code role} names the role, {@code user} the principal that
     * assumed it, and {@code sessionPolicy} the policy that narrows the session (or null).
     */
    public record VerifiedToken(
            String user, boolean mfa, String tokenId, Instant expiresAt, String role, String sessionPolicy) {}

    public TokenService(ECPrivateKey privateKey, ECPublicKey publicKey, String issuer, Clock clock, Duration ttl) {
        try {
            ECKey full = new ECKey.Builder(Curve.P_256, publicKey)
                    .privateKey(privateKey)
                    .keyIDFromThumbprint()
                    .build();
            this.publicJwk = full.toPublicJWK();
            this.signer = new ECDSASigner(full);
            this.verifier = new ECDSAVerifier(publicJwk);
        } catch (JOSEException e) {
            throw new IllegalStateException("the token-signing key is not a P-256 key", e);
        }
        this.issuer = issuer;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** A signed token and when it expires. */
    public record Issued(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued{expiresAt=" + expiresAt + "}";
        }
    }

    public Issued issue(String user, boolean mfa) {
        return sign(user, mfa, null, null, ttl);
    }

    /** A role session (sts:AssumeRole): the role's permissions, narrowed by the session policy when given. */
    public Issued issueRoleSession(
            String role, String assumedBy, boolean mfa, String sessionPolicy, Duration duration) {
        return sign(assumedBy, mfa, role, sessionPolicy, duration);
    }

    private Issued sign(String subject, boolean mfa, String role, String sessionPolicy, Duration lifetime) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(AUDIENCE)
                .subject(subject)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .claim("amr", mfa ? List.of("pwd", "otp") : List.of("pwd"));
        if (role != null) {
            builder.claim("role", role);
        }
        if (sessionPolicy != null) {
            builder.claim("session_policy", sessionPolicy);
        }
        JWTClaimsSet claims = builder.build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(publicJwk.getKeyID())
                        .build(),
                claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing an access token failed", e);
        }
        return new Issued(jwt.serialize(), Date.from(now.plus(lifetime)).toInstant());
    }

    /** The claims of a valid, unexpired token of this node; empty for anything else (never an exception). */
    public Optional<VerifiedToken> verify(String token) {
        return Optional.ofNullable(check(token).token());
    }

    /** Why a token was refused ({@link #check} keeps no state: the principal's status is {@link PrincipalStatus}'s). */
    public enum Rejection {
        /** Not a JWT at all, or one whose parts do not parse. */
        MALFORMED,
        /** An unsigned JWT or one signed with another algorithm than ES256. */
        UNSUPPORTED_ALGORITHM,
        /** Signed under another key id than this node's token-signing key. */
        UNKNOWN_KEY,
        /** Names this node's key but its signature does not verify. */
        BAD_SIGNATURE,
        EXPIRED,
        NOT_YET_VALID,
        /** Another issuer or audience, or no subject. */
        INVALID_CLAIMS,
        /**
         * Valid, but its principal (the user, or whoever assumed the role) is disabled or gone: decided by
         * {@link PrincipalStatus}, which keeps what this service does not.
         */
        PRINCIPAL_DISABLED
    }

    /** Either the verified token or why it was refused. */
    public record Verification(VerifiedToken token, Rejection rejection) {
        static Verification refused(Rejection rejection) {
            return new Verification(null, rejection);
        }
    }

    /**
     * Another issuer whose tokens this node accepts too: in a member region, the control region, where users log in
     * once (with MFA, whose seed stays there) and act in every region. Known by its issuer name and public key only.
     */
    public record TrustedIssuer(String issuer, ECKey key) {}

    private volatile java.util.function.Supplier<java.util.Optional<TrustedIssuer>> trusted = java.util.Optional::empty;

    /** Accepts the tokens of the issuer {@code issuer} supplies (read at each check: it may change or go away). */
    public void alsoTrust(java.util.function.Supplier<java.util.Optional<TrustedIssuer>> issuer) {
        this.trusted = java.util.Objects.requireNonNull(issuer, "issuer");
    }

    /** This node's issuer name ({@code warden:<region>:<account>}). */
    public String issuer() {
        return issuer;
    }

    /** This node's token-signing public key as a JWK (JSON), for the regions that accept its tokens. */
    public String publicJwkJson() {
        return publicJwk.toJSONString();
    }

    /** {@link #verify}, saying why a token is refused (never an exception). */
    public Verification check(String token) {
        try {
            if (!(JWTParser.parse(token) instanceof SignedJWT jwt)) {
                return Verification.refused(Rejection.UNSUPPORTED_ALGORITHM);
            }
            if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
                return Verification.refused(Rejection.UNSUPPORTED_ALGORITHM);
            }
            if (!publicJwk.getKeyID().equals(jwt.getHeader().getKeyID())) {
                return checkForeign(jwt);
            }
            if (!jwt.verify(verifier)) {
                return Verification.refused(Rejection.BAD_SIGNATURE);
            }
            return checkClaims(jwt.getJWTClaimsSet(), issuer);
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Verification.refused(Rejection.MALFORMED);
        }
    }

    /** A token signed by another key: accepted only from the trusted issuer, with its key and its name. */
    private Verification checkForeign(SignedJWT jwt) throws ParseException, JOSEException {
        java.util.Optional<TrustedIssuer> other = trusted.get();
        if (other.isEmpty()
                || !other.get().key().getKeyID().equals(jwt.getHeader().getKeyID())) {
            return Verification.refused(Rejection.UNKNOWN_KEY);
        }
        if (!jwt.verify(new ECDSAVerifier(other.get().key()))) {
            return Verification.refused(Rejection.BAD_SIGNATURE);
        }
        return checkClaims(jwt.getJWTClaimsSet(), other.get().issuer());
    }

    private Verification checkClaims(JWTClaimsSet claims, String expectedIssuer) throws ParseException {
        Instant now = clock.instant();
        if (!expectedIssuer.equals(claims.getIssuer())
                || claims.getAudience() == null
                || !claims.getAudience().contains(AUDIENCE)
                || claims.getExpirationTime() == null
                || claims.getSubject() == null) {
            return Verification.refused(Rejection.INVALID_CLAIMS);
        }
        if (!now.isBefore(claims.getExpirationTime().toInstant())) {
            return Verification.refused(Rejection.EXPIRED);
        }
        if (claims.getNotBeforeTime() != null
                && now.isBefore(claims.getNotBeforeTime().toInstant())) {
            return Verification.refused(Rejection.NOT_YET_VALID);
        }
        List<String> amr = claims.getStringListClaim("amr");
        return new Verification(
                new VerifiedToken(
                        claims.getSubject(),
                        amr != null && amr.contains("otp"),
                        claims.getJWTID(),
                        claims.getExpirationTime().toInstant(),
                        claims.getStringClaim("role"),
                        claims.getStringClaim("session_policy")),
                null);
    }

    /** {@code /.well-known/jwks.json}. */
    public String jwksJson() {
        return new JWKSet(publicJwk).toString(true);
    }
}
