package dev.warden.kms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One spelling of a secret's ARN; rows stored with the old {@code secretsmanager} spelling read as the new one. */
class SecretArnsTest {
    @Test
    void mintsTheSpellingThePolicyLanguageKnows() {
        assertThat(SecretArns.of("eu-west-1", "default", "db/password"))
                .isEqualTo("arn:warden:secrets:eu-west-1:default:secret/db/password");
    }

    @Test
    void storedLegacyArnsReadInTheCurrentSpelling() {
        assertThat(SecretArns.readable("arn:warden:secretsmanager:eu-west-1:default:secret:db/password"))
                .isEqualTo("arn:warden:secrets:eu-west-1:default:secret/db/password");
        assertThat(SecretArns.readable("arn:warden:secretsmanager:eu-west-1:default:secret:a:b"))
                .isEqualTo("arn:warden:secrets:eu-west-1:default:secret/a:b");
        assertThat(SecretArns.readable("arn:warden:secrets:eu-west-1:default:secret/x"))
                .isEqualTo("arn:warden:secrets:eu-west-1:default:secret/x");
        assertThat(SecretArns.readable("arn:warden:secretsmanager:eu-west-1:default:other:x"))
                .isEqualTo("arn:warden:secretsmanager:eu-west-1:default:other:x");
        assertThat(SecretArns.readable(null)).isNull();
    }
}
