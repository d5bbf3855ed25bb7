package dev.warden.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6238 appendix B test vectors, and the acceptance rules around them. */
class TotpTest {
    private static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_SEED = ("1234567890".repeat(6) + "1234").getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
        "59, 94287082, 46119246, 90693936",
        "1111111109, 07081804, 68084774, 25091201",
        "1111111111, 14050471, 67062674, 99943326",
        "1234567890, 89005924, 91819424, 93441116",
        "2000000000, 69279037, 90698825, 38618901",
        "20000000000, 65353130, 77737706, 47863826"
    })
    void rfc6238Vectors(long time, String sha1, String sha256, String sha512) {
        Instant t = Instant.ofEpochSecond(time);
        assertThat(Totp.code(SHA1_SEED, t, "HmacSHA1", 8)).isEqualTo(sha1);
        assertThat(Totp.code(SHA256_SEED, t, "HmacSHA256", 8)).isEqualTo(sha256);
        assertThat(Totp.code(SHA512_SEED, t, "HmacSHA512", 8)).isEqualTo(sha512);
    }

    @ParameterizedTest
    @CsvSource({
        "f, MY======",
        "fo, MZXQ====",
        "foo, MZXW6===",
        "foob, MZXW6YQ=",
        "fooba, MZXW6YTB",
        "foobar, MZXW6YTBOI======"
    })
    void base32FollowsRfc4648BothWays(String text, String padded) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        assertThat(Totp.base32(bytes)).isEqualTo(padded.replace("=", ""));
        assertThat(Totp.base32Decode(padded)).isEqualTo(bytes);
        assertThat(Totp.base32Decode(padded.replace("=", ""))).isEqualTo(bytes);
    }

    @Test
    void base32DecodeRefusesWhatIsNotBase32() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Totp.base32Decode("MZXW1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1'");
    }

    @Test
    void aCodeIsAcceptedInItsWindowOnceAndNotBeyond() {
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        String code = Totp.code(SHA1_SEED, now);
        long step = Totp.verify(SHA1_SEED, code, now, -1);
        assertThat(step).isEqualTo(1_700_000_000L / 30);
        assertThat(Totp.verify(SHA1_SEED, code, now.plusSeconds(30), -1)).isEqualTo(step);
        assertThat(Totp.verify(SHA1_SEED, code, now, step)).as("replay").isEqualTo(-1);
        assertThat(Totp.verify(SHA1_SEED, code, now.plusSeconds(90), -1))
                .as("too late")
                .isEqualTo(-1);
        assertThat(Totp.verify(SHA1_SEED, "12345", now, -1)).isEqualTo(-1);
        assertThat(Totp.verify(SHA1_SEED, "abcdef", now, -1)).isEqualTo(-1);
    }

    @Test
    void base32AndUriFollowTheKeyUriFormat() {
        assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Totp.uri("Warden eu-west-1", "alice", SHA1_SEED))
                .startsWith("otpauth://totp/Warden%20eu-west-1%3Aalice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
                .contains("&digits=6&period=30");
    }

    @Test
    void argon2idHashesVerifyOnlyTheirPassword() {
        PasswordHasher hasher = new PasswordHasher(1024, 1, 1);
        String hash = hasher.hash("correct horse battery".toCharArray());
        assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
        assertThat(PasswordHasher.verify("correct horse battery".toCharArray(), hash))
                .isTrue();
        assertThat(PasswordHasher.verify("correct horse batterx".toCharArray(), hash))
                .isFalse();
        assertThat(PasswordHasher.verify("x".toCharArray(), "$argon2id$garbage"))
                .isFalse();
        assertThat(hasher.hash("correct horse battery".toCharArray()))
                .as("salted")
                .isNotEqualTo(hash);
    }
}
