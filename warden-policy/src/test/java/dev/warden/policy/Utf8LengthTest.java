package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8LengthTest {

    @Test
    void agreesWithTheEncoderOnRandomStrings() {
        Random random = new Random(7);
        // ASCII, two- and three-byte characters, surrogate pairs, and lone surrogates (replaced by one byte).
        char[] alphabet = {
            'a', '/', '\u00e9', '\u07ff', '\u0800', '\u20ac', '\uffff', '\ud83d', '\ude00', '\udbff', '\udfff'
        };
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                s.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String text = s.toString();
            assertThat(Utf8Length.of(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }
}
