package dev.warden.server.iam;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
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
    public record VerifiedToken(String user, boolean mfa, String tokenId, Instant expiresAt, String role,
                                String sessionPolicy) {}

    public TokenService(ECPrivateKey privateKey, ECPublicKey publicKey, String issuer, Clock clock, Duration ttl) {
        try {
            ECKey full = new ECKey.Builder(Curve.P_256, publicKey).privateKey(privateKey).keyIDFromThumbprint().build();
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
    public Issued issueRoleSession(String role, String assumedBy, boolean mfa, String sessionPolicy, Duration duration) {
        return sign(assumedBy, mfa, role, sessionPolicy, duration);
    }

    private Issued sign(String subject, boolean mfa, String role, String sessionPolicy, Duration lifetime) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE).subject(subject)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString()).claim("amr", mfa ? List.of("pwd", "otp") : List.of("pwd"));
        if (role != null) {
            builder.claim("role", role);
        }
        if (sessionPolicy != null) {
            builder.claim("session_policy", sessionPolicy);
        }
        JWTClaimsSet claims = builder.build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(publicJwk.getKeyID()).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing an access token failed", e);
        }
        return new Issued(jwt.serialize(), Date.from(now.plus(lifetime)).toInstant());
    }

    /** The claims of a valid, unexpired token of this node; empty for anything else (never an exception). */
    public Optional<VerifiedToken> verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())
                    || !publicJwk.getKeyID().equals(jwt.getHeader().getKeyID()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant now = clock.instant();
            if (!issuer.equals(claims.getIssuer()) || claims.getAudience() == null || !claims.getAudience().contains(AUDIENCE)
                    || claims.getExpirationTime() == null || !now.isBefore(claims.getExpirationTime().toInstant())
                    || claims.getNotBeforeTime() != null && now.isBefore(claims.getNotBeforeTime().toInstant())
                    || claims.getSubject() == null) {
                return Optional.empty();
            }
            List<String> amr = claims.getStringListClaim("amr");
            return Optional.of(new VerifiedToken(claims.getSubject(), amr != null && amr.contains("otp"), claims.getJWTID(),
                    claims.getExpirationTime().toInstant(), claims.getStringClaim("role"),
                    claims.getStringClaim("session_policy")));
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code /.well-known/jwks.json}. */
    public String jwksJson() {
        return new JWKSet(publicJwk).toString(true);
    }
}
