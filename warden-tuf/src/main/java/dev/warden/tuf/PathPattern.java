package dev.warden.tuf;

/**
 * A delegation's PATHPATTERN matched against a target path, as the specification describes it (glob(7) with
 * {@code *} and {@code ?}) and as tuf-js and python-tuf implement it.
 *
 * <p>Both are split on {@code /} and must have as many segments, so a wildcard never crosses a directory:
 * {@code sensor/*} matches {@code sensor/fw.bin} but not {@code sensor/beta/fw.bin}. A wildcard does not match a
 * segment's leading dot (glob(7), and minimatch in tuf-js). Every other character, brackets included, is literal:
 * Warden's repositories delegate only {@code <thing type>/*}, and a pattern this class reads more narrowly than
 * minimatch can only make a target unfindable, never trusted by a role that was not meant to sign it.
 */
final class PathPattern {
    private PathPattern() {}

    static boolean matches(String pattern, String targetPath) {
        String[] patternParts = pattern.split("/", -1);
        String[] pathParts = targetPath.split("/", -1);
        if (patternParts.length != pathParts.length) {
            return false;
        }
        for (int i = 0; i < patternParts.length; i++) {
            if (!segmentMatches(patternParts[i], pathParts[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean segmentMatches(String pattern, String name) {
        if (name.startsWith(".") && !pattern.startsWith(".")) {
            return false;
        }
        int[] p = pattern.codePoints().toArray();
        int[] n = name.codePoints().toArray();
        int pi = 0;
        int ni = 0;
        int starAt = -1;
        int starMatched = 0;
        // Greedy match with one backtrack point: the last '*' seen absorbs one more character on each mismatch.
        while (ni < n.length) {
            if (pi < p.length && p[pi] != '*' && (p[pi] == '?' || p[pi] == n[ni])) {
                pi++;
                ni++;
            } else if (pi < p.length && p[pi] == '*') {
                starAt = pi++;
                starMatched = ni;
            } else if (starAt >= 0) {
                pi = starAt + 1;
                ni = ++starMatched;
            } else {
                return false;
            }
        }
        while (pi < p.length && p[pi] == '*') {
            pi++;
        }
        return pi == p.length;
    }
}
