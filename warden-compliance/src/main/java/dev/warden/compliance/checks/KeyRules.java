package dev.warden.compliance.checks;

import dev.warden.compliance.inventory.KeyInfo;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What makes a certificate's key or signature weak, after NIST SP 800-57 / 800-131A and BSI TR-02102: RSA below 2048
 * bits or with a tiny public exponent, EC curves below 256 bits, unnamed (explicit) curves or curves outside the
 * NIST and Brainpool sets, DSA (withdrawn by FIPS 186-5), and SHA-1 or MD5 signatures.
 */
final class KeyRules {
    static final int MIN_RSA_BITS = 2048;
    private static final Set<String> APPROVED_CURVES = Set.of(
            "secp256r1",
            "prime256v1",
            "secp384r1",
            "secp521r1",
            "P-256",
            "P-384",
            "P-521",
            "brainpoolP256r1",
            "brainpoolP384r1",
            "brainpoolP512r1");

    /** Why a key (or the signature on its certificate) is weak: a reason code and its words. */
    record Weakness(String reason, String detail) {}

    private KeyRules() {}

    static Optional<Weakness> weakness(KeyInfo key, String signatureAlgorithm) {
        Optional<Weakness> ofKey = keyWeakness(key);
        if (ofKey.isPresent()) {
            return ofKey;
        }
        String sig = signatureAlgorithm.toUpperCase(Locale.ROOT);
        if (sig.contains("MD5") || sig.contains("SHA1") || sig.contains("SHA-1")) {
            return Optional.of(new Weakness("WEAK_SIGNATURE", "signed with " + signatureAlgorithm));
        }
        return Optional.empty();
    }

    private static Optional<Weakness> keyWeakness(KeyInfo key) {
        switch (key.algorithm()) {
            case "RSA" -> {
                if (key.bits() < MIN_RSA_BITS) {
                    return weak("WEAK_RSA_KEY", "RSA key of " + key.bits() + " bits (at least " + MIN_RSA_BITS + ")");
                }
                if (key.publicExponent() < 65_537) {
                    return weak("WEAK_RSA_EXPONENT", "RSA public exponent " + key.publicExponent() + " (use 65537)");
                }
                return Optional.empty();
            }
            case "EC" -> {
                if ("explicit".equals(key.curve())) {
                    return weak("EXPLICIT_CURVE", "EC key with explicit curve parameters instead of a named curve");
                }
                if (key.bits() < 256) {
                    return weak("WEAK_CURVE", "EC key on " + key.curve() + " (" + key.bits() + " bits; at least 256)");
                }
                if (!APPROVED_CURVES.contains(key.curve())) {
                    return weak("UNAPPROVED_CURVE", "EC key on " + key.curve() + ", not a NIST or Brainpool curve");
                }
                return Optional.empty();
            }
            case "Ed25519", "Ed448" -> {
                return Optional.empty();
            }
            case "DSA" -> {
                return weak("DSA_KEY", "DSA key (" + key.bits() + " bits): withdrawn by FIPS 186-5");
            }
            case "unreadable" -> {
                return weak("UNREADABLE_KEY", "the stored certificate no longer parses");
            }
            default -> {
                return weak("UNKNOWN_KEY_ALGORITHM", "key algorithm " + key.algorithm() + " is not one Warden knows");
            }
        }
    }

    private static Optional<Weakness> weak(String reason, String detail) {
        return Optional.of(new Weakness(reason, detail));
    }

    /** How a key reads in a detail: {@code EC secp256r1}, {@code RSA-2048}. */
    static String describe(KeyInfo key) {
        return "EC".equals(key.algorithm()) ? "EC " + key.curve() : key.algorithm() + "-" + key.bits();
    }
}
