package dev.warden.registry;

import java.util.regex.Pattern;

/**
 * Thing names are identities in policies and MQTT client IDs: letters, digits and {@code _ - . :} only, so that no
 * name can carry an MQTT or policy wildcard ({@code + # * ? /}).
 */
public final class ThingNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private ThingNames() {}

    public static String require(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new RegistryException(
                    RegistryReason.INVALID_THING_NAME, "thing name must be 1-128 characters of A-Z a-z 0-9 _ - . :");
        }
        return name;
    }

    /** Glob match ({@code *} any run, {@code ?} one character) used by provisioning templates. */
    public static boolean matchesPattern(String name, String pattern) {
        return glob(name, 0, pattern, 0);
    }

    private static boolean glob(String s, int si, String p, int pi) {
        int starP = -1;
        int starS = -1;
        while (si < s.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == s.charAt(si))) {
                si++;
                pi++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                starP = pi++;
                starS = si;
            } else if (starP >= 0) {
                pi = starP + 1;
                si = ++starS;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }
}
