package dev.warden.pki;

/**
 * A PKCS#11 token named by a {@code pkcs11:} URI (same grammar as {@link Pkcs11KeySource#open}), resolved to its
 * module and slot id, for other holders of keys in the same HSM (e.g. the KMS master key). The PIN is the caller's
 * to clear after login; {@link #toString()} never shows it.
 */
public final class Pkcs11Token {
    private final String modulePath;
    private final long slotId;
    private final char[] pin;

    private Pkcs11Token(String modulePath, long slotId, char[] pin) {
        this.modulePath = modulePath;
        this.slotId = slotId;
        this.pin = pin;
    }

    /** @throws PkiException {@link PkiReason#HSM_UNAVAILABLE} for a malformed URI, an unreadable PIN or an absent token */
    public static Pkcs11Token resolve(String pkcs11Uri) {
        Pkcs11Uri uri = Pkcs11Uri.parse(pkcs11Uri);
        long slot =
                uri.slotId() != null ? uri.slotId() : Pkcs11SlotFinder.slotForLabel(uri.modulePath(), uri.tokenLabel());
        return new Pkcs11Token(uri.modulePath(), slot, uri.pin());
    }

    public String modulePath() {
        return modulePath;
    }

    public long slotId() {
        return slotId;
    }

    /** The user PIN (not a copy): clear it once logged in. */
    public char[] pin() {
        return pin;
    }

    @Override
    public String toString() {
        return "Pkcs11Token{module=" + modulePath + ", slot=" + slotId + "}";
    }
}
