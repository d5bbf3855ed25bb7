package dev.warden.pki;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the slot that holds a token with a given label by calling {@code C_GetSlotList} and
 * {@code C_GetTokenInfo} directly, because SunPKCS11 selects tokens only by slot and does not expose labels.
 * Only public PKCS#11 information is read; no session is opened and no PIN is involved.
 */
final class Pkcs11SlotFinder {
    private static final long CKR_OK = 0;
    private static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;
    /** CK_TOKEN_INFO is about 208 bytes on LP64; over-allocate so no module can overrun the buffer. */
    private static final int TOKEN_INFO_BUFFER = 1024;

    private static final int LABEL_LENGTH = 32;

    private Pkcs11SlotFinder() {}

    /** A token present in a slot. */
    record TokenSlot(long slotId, String label) {}

    /** The slot id of the token labelled {@code label}, failing with {@link PkiReason#HSM_UNAVAILABLE}. */
    static long slotForLabel(String modulePath, String label) {
        List<TokenSlot> tokens = listTokens(modulePath);
        for (TokenSlot token : tokens) {
            if (token.label().equals(label)) {
                return token.slotId();
            }
        }
        throw new PkiException(
                PkiReason.HSM_UNAVAILABLE,
                "no PKCS#11 token labelled '" + label + "' (found "
                        + tokens.stream().map(TokenSlot::label).toList() + ")");
    }

    /** All slots with a token present, with their labels (trailing blank padding removed). */
    static synchronized List<TokenSlot> listTokens(String modulePath) {
        NativeLibrary library;
        try {
            library = NativeLibrary.getInstance(modulePath);
        } catch (UnsatisfiedLinkError e) {
            throw new PkiException(PkiReason.HSM_UNAVAILABLE, "cannot load PKCS#11 module " + modulePath);
        }
        long rv = call(library, "C_Initialize", Pointer.NULL);
        boolean weInitialized = rv == CKR_OK;
        if (!weInitialized && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
            throw failure("C_Initialize", rv);
        }
        try {
            Memory count = new Memory(NativeLong.SIZE);
            count.setNativeLong(0, new NativeLong(0));
            check("C_GetSlotList", call(library, "C_GetSlotList", (byte) 1, Pointer.NULL, count));
            int slots = (int) count.getNativeLong(0).longValue();
            List<TokenSlot> result = new ArrayList<>();
            if (slots == 0) {
                return result;
            }
            Memory slotList = new Memory((long) NativeLong.SIZE * slots);
            check("C_GetSlotList", call(library, "C_GetSlotList", (byte) 1, slotList, count));
            slots = (int) count.getNativeLong(0).longValue();
            for (int i = 0; i < slots; i++) {
                long slotId = slotList.getNativeLong((long) i * NativeLong.SIZE).longValue();
                Memory info = new Memory(TOKEN_INFO_BUFFER);
                info.clear();
                if (call(library, "C_GetTokenInfo", new NativeLong(slotId), info) == CKR_OK) {
                    String label =
                            new String(info.getByteArray(0, LABEL_LENGTH), StandardCharsets.UTF_8).stripTrailing();
                    result.add(new TokenSlot(slotId, label));
                }
            }
            return result;
        } finally {
            if (weInitialized) {
                // Leave the module as we found it, so SunPKCS11 can initialize it with its own arguments.
                call(library, "C_Finalize", Pointer.NULL);
            }
        }
    }

    private static long call(NativeLibrary library, String name, Object... args) {
        try {
            Function function = library.getFunction(name);
            return ((NativeLong) function.invoke(NativeLong.class, args)).longValue();
        } catch (UnsatisfiedLinkError e) {
            throw new PkiException(PkiReason.HSM_UNAVAILABLE, "PKCS#11 module does not export " + name);
        }
    }

    private static void check(String function, long rv) {
        if (rv != CKR_OK) {
            throw failure(function, rv);
        }
    }

    private static PkiException failure(String function, long rv) {
        return new PkiException(PkiReason.HSM_UNAVAILABLE, function + " failed: CKR 0x" + Long.toHexString(rv));
    }
}
