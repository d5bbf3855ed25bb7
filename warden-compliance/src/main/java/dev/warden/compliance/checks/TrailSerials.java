package dev.warden.compliance.checks;

import java.math.BigInteger;

/** Certificate serials as the registry stores them: lowercase hex without leading zeros. */
final class TrailSerials {
    private TrailSerials() {}

    static String normalize(String hex) {
        try {
            return new BigInteger(hex.replace(":", ""), 16).toString(16);
        } catch (NumberFormatException e) {
            return hex;
        }
    }
}
