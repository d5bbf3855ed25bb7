package dev.warden.pki;

/**
 * Proof that the caller deliberately exports CA secret key material (in the style of Tink's
 * {@code InsecureSecretKeyAccess}). It has no runtime effect; its purpose is that every call site that can
 * take a CA key off the node contains {@code KeyExportCapability.get()}, which reviewers can search for.
 */
public final class KeyExportCapability {
    private static final KeyExportCapability INSTANCE = new KeyExportCapability();

    private KeyExportCapability() {}

    /** The capability token. Only call this where exporting a CA key is an explicit operator action. */
    public static KeyExportCapability get() {
        return INSTANCE;
    }
}
