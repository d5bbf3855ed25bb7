package dev.warden.policy;

/**
 * The length of a string in UTF-8 without encoding it, for size limits checked on every request (policy documents)
 * and every PUBLISH (topic names). Equal to {@code s.getBytes(UTF_8).length}: an unpaired surrogate counts as the one
 * byte of the encoder's replacement.
 */
public final class Utf8Length {
    private Utf8Length() {}

    public static long of(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
