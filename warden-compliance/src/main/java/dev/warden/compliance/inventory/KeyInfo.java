package dev.warden.compliance.inventory;

/**
 * What a certificate's public key is.
 *
 * @param algorithm      {@code RSA}, {@code EC}, {@code Ed25519}, {@code Ed448}, {@code DSA} or what the key says
 * @param bits           the modulus size (RSA), the field size (EC) or the key size
 * @param curve          the named curve ({@code secp256r1}, ...), or empty when not EC or not named
 * @param publicExponent RSA's public exponent, or 0
 * @param fingerprint    SHA-256 of the SubjectPublicKeyInfo, hex: equal for the same key in two certificates
 */
public record KeyInfo(String algorithm, int bits, String curve, long publicExponent, String fingerprint) {
    public KeyInfo {
        curve = curve == null ? "" : curve;
    }
}
