package dev.warden.pki;

/** Elliptic-curve key types Warden generates for CA and device keys (NIST curves only). */
public enum KeyType {
    /** NIST P-256 (secp256r1), signed with SHA-256. */
    EC_P256("secp256r1", "SHA256withECDSA"),
    /** NIST P-384 (secp384r1), signed with SHA-384. */
    EC_P384("secp384r1", "SHA384withECDSA");

    private final String curveName;
    private final String signatureAlgorithm;

    KeyType(String curveName, String signatureAlgorithm) {
        this.curveName = curveName;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The SEC 2 curve name understood by JCA providers ({@code ECGenParameterSpec}). */
    public String curveName() {
        return curveName;
    }

    /** The JCA signature algorithm whose hash strength matches the curve. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }
}
