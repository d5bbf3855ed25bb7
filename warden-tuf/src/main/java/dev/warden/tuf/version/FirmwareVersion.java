package dev.warden.tuf.version;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A firmware version, as Warden's update repository names its targets ({@code custom.version}) and as a device
 * orders them for anti-rollback: shared here so that the repository and the device compare versions alike. One to
 * four dot-separated numbers ({@code 2.4.0}), compared numerically component by component,
 * missing components counting as zero ({@code 2.4 == 2.4.0}). Pre-release suffixes are refused on purpose: a device
 * must be able to order any two versions without a convention of its vendor's, or anti-rollback has a hole.
 */
public record FirmwareVersion(String text, long[] components) implements Comparable<FirmwareVersion> {
    private static final Pattern SYNTAX = Pattern.compile("(0|[1-9][0-9]{0,8})(\\.(0|[1-9][0-9]{0,8})){0,3}");
    private static final int COMPONENTS = 4;

    public FirmwareVersion {
        components = components.clone();
    }

    /** Parses {@code text}, refusing anything but 1-4 numbers of at most 9 digits without leading zeros. */
    public static FirmwareVersion parse(String text) {
        if (text == null || !SYNTAX.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "a version is 1-4 dot-separated numbers without leading zeros, e.g. 2.4.0");
        }
        long[] parts = new long[COMPONENTS];
        String[] given = text.split("\\.");
        for (int i = 0; i < given.length; i++) {
            parts[i] = Long.parseLong(given[i]);
        }
        return new FirmwareVersion(text, parts);
    }

    /** The version as text that sorts as versions compare (each component zero-padded to 9 digits). */
    public String sortKey() {
        return Arrays.stream(components).mapToObj(c -> String.format("%09d", c)).collect(Collectors.joining("."));
    }

    public boolean isBelow(FirmwareVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(FirmwareVersion other) {
        return Arrays.compare(components, other.components);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FirmwareVersion v && Arrays.equals(components, v.components);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(components);
    }

    @Override
    public String toString() {
        return text;
    }
}
