package dev.warden.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A member region accepts the tokens of its control region's key and name, and of nobody else. */
class TokenServiceTest {
    private static TokenService service(String issuer) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        return new TokenService(
                (ECPrivateKey) keys.getPrivate(),
                (ECPublicKey) keys.getPublic(),
                issuer,
                Clock.systemUTC(),
                TokenService.DEFAULT_TTL);
    }

    @Test
    void aTrustedIssuersTokenIsAcceptedAndAnyOtherRefused() throws Exception {
        TokenService control = service("warden:eu-west-1:default");
        TokenService member = service("warden:us-east-1:default");
        TokenService stranger = service("warden:sa-east-1:default");
        String token = control.issue("alice", true).token();

        assertThat(member.check(token).rejection()).isEqualTo(TokenService.Rejection.UNKNOWN_KEY);
        ECKey controlKey = ECKey.parse(control.publicJwkJson());
        member.alsoTrust(() -> Optional.of(new TokenService.TrustedIssuer(control.issuer(), controlKey)));
        TokenService.Verification accepted = member.check(token);
        assertThat(accepted.token().user()).isEqualTo("alice");
        assertThat(accepted.token().mfa()).isTrue();

        // another key, or the right key under another name, is refused
        assertThat(member.check(stranger.issue("alice", true).token()).rejection())
                .isEqualTo(TokenService.Rejection.UNKNOWN_KEY);
        member.alsoTrust(
                () -> Optional.of(new TokenService.TrustedIssuer("warden:ap-southeast-1:default", controlKey)));
        assertThat(member.check(token).rejection()).isEqualTo(TokenService.Rejection.INVALID_CLAIMS);
        // and the member's own tokens still work
        assertThat(member.check(member.issue("bob", false).token()).token().user())
                .isEqualTo("bob");
    }
}
