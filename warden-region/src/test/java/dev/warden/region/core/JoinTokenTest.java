package dev.warden.region.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JoinTokenTest {
    private static final String FINGERPRINT = "ab".repeat(32);

    @Test
    void aTokenReadsBackAsMadeAndNeverShowsItsSecret() {
        JoinToken token =
                JoinToken.create("eu-west-1", "https://control.example:8444", FINGERPRINT, new SecureRandom());
        JoinToken read = JoinToken.decode(token.encode());
        assertThat(read).isEqualTo(token);
        assertThat(token.encode()).startsWith("wjt1.");
        assertThat(token.toString()).doesNotContain(token.secret());
        assertThat(token.secretHash()).hasSize(64).isNotEqualTo(token.secret());
    }

    @Test
    void anythingElseIsMalformedAndTheErrorEchoesNothingOfIt() {
        String bad = "wjt1."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString("eu-west-1\nhttp://plain\n"
                                .concat(FINGERPRINT)
                                .concat("\nSECRETSECRET")
                                .getBytes());
        for (String input : new String[] {null, "", "wjt2.abc", "wjt1.!!!", bad, "wjt1." + "A".repeat(3000)}) {
            assertThatThrownBy(() -> JoinToken.decode(input))
                    .isInstanceOfSatisfying(
                            RegionException.class,
                            e -> assertThat(e.reason()).isEqualTo(RegionReason.JOIN_TOKEN_MALFORMED))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRETSECRET"));
        }
    }
}
