package dev.warden.kms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretValueTest {
    @Test
    void neverShowsItselfAndConvertsExactly() {
        SecretValue value = SecretValue.of("pässwörd-€-42");
        assertThat(value.toString()).isEqualTo("SecretValue[redacted]");
        assertThat(new SecretVersion("n", "arn", "v1", java.util.Set.of(SecretLabel.CURRENT), KmsFixture.START, value)
                        .toString())
                .doesNotContain("pässwörd");
        assertThat(new String(value.asChars())).isEqualTo("pässwörd-€-42");
        assertThat(value).isEqualTo(SecretValue.ofBytes(value.bytes())).isNotEqualTo(SecretValue.of("other"));
        assertThat(new KmsException(KmsReason.INTERNAL, "x").toString()).isEqualTo("KmsException[INTERNAL]: x");
    }
}
