package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The compiled wildcard matcher (with its prefix/suffix shortcuts and literal skipping) agrees with a plain regular
 * expression on every pattern and text: {@code *} is any run, {@code ?} one character, everything else literal.
 */
class WildcardMatchingProperties {

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.strings()
                .withChars('a', 'b', '/', ':', '*', '?')
                .ofMinLength(0)
                .ofMaxLength(12);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings()
                .withChars('a', 'b', '/', ':', 'A')
                .ofMinLength(0)
                .ofMaxLength(16);
    }

    private static boolean reference(String pattern, String text, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        int flags = java.util.regex.Pattern.DOTALL | (ignoreCase ? java.util.regex.Pattern.CASE_INSENSITIVE : 0);
        return java.util.regex.Pattern.compile(regex.toString(), flags)
                .matcher(text)
                .matches();
    }

    @Property(tries = 3000)
    void caseSensitiveMatchingAgreesWithARegex(@ForAll("patterns") String pattern, @ForAll("texts") String text)
            throws Pattern.TemplateException {
        assertThat(Pattern.compile(pattern, true, false, false).matches(text, null))
                .as("'%s' against '%s'", pattern, text)
                .isEqualTo(reference(pattern, text, false));
    }

    @Property(tries = 1000)
    void caseInsensitiveMatchingAgreesWithARegex(@ForAll("patterns") String pattern, @ForAll("texts") String text)
            throws Pattern.TemplateException {
        assertThat(Pattern.compile(pattern, true, false, true).matches(text, null))
                .as("'%s' against '%s'", pattern, text)
                .isEqualTo(reference(pattern, text, true));
    }

    @Property(tries = 1000)
    void aRegionIsMatchedAsIfItWereTheWholeText(
            @ForAll("patterns") String pattern,
            @ForAll("texts") String text,
            @ForAll("texts") String before,
            @ForAll("texts") String after)
            throws Pattern.TemplateException {
        String all = before + text + after;
        assertThat(Pattern.compile(pattern, true, false, false)
                        .matches(all, before.length(), before.length() + text.length(), null))
                .as("'%s' against '%s' inside '%s'", pattern, text, all)
                .isEqualTo(reference(pattern, text, false));
    }
}
