package dev.warden.e2e;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The sealed form on the wire: {@code "WE2E"}, a version byte (1), the message id (a length byte, then UTF-8, in the
 * clear: the recipient needs it to open and to spot a replay; a broker renumbers MQTT packet ids, so it cannot be
 * those), then Tink's HPKE ciphertext (its 5-byte key id prefix, the encapsulated key, the AEAD ciphertext). The
 * context bound into the seal is the scheme's label, the topic and the message id, so an envelope replayed on another
 * topic or with its id changed does not open.
 */
public final class PayloadEnvelope {
    static final byte[] MAGIC = "WE2E".getBytes(StandardCharsets.US_ASCII);
    static final byte VERSION = 1;
    private static final int HEADER = MAGIC.length + 1;

    private PayloadEnvelope() {}

    /** Whether {@code payload} is a sealed envelope (by its header; only the recipient can tell it is authentic). */
    public static boolean isSealed(byte[] payload) {
        return payload != null
                && payload.length > HEADER
                && Arrays.equals(payload, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                && payload[MAGIC.length] == VERSION;
    }

    /** The parts of an envelope: its message id and the HPKE ciphertext. */
    record Parts(String messageId, byte[] ciphertext) {}

    static byte[] wrap(String messageId, byte[] ciphertext) {
        byte[] id = messageId.getBytes(StandardCharsets.UTF_8);
        if (id.length == 0 || id.length > 255) {
            throw new IllegalArgumentException("a message id is 1 to 255 bytes of UTF-8");
        }
        byte[] out = new byte[HEADER + 1 + id.length + ciphertext.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[MAGIC.length] = VERSION;
        out[HEADER] = (byte) id.length;
        System.arraycopy(id, 0, out, HEADER + 1, id.length);
        System.arraycopy(ciphertext, 0, out, HEADER + 1 + id.length, ciphertext.length);
        return out;
    }

    static Parts unwrap(byte[] envelope) {
        if (!isSealed(envelope)) {
            throw new E2eException(E2eReason.NOT_SEALED, "the payload is not a sealed envelope");
        }
        int idLength = envelope[HEADER] & 0xff;
        if (idLength == 0 || envelope.length < HEADER + 1 + idLength) {
            throw new E2eException(E2eReason.TAMPERED, "the envelope's message id is cut short");
        }
        return new Parts(
                new String(envelope, HEADER + 1, idLength, StandardCharsets.UTF_8),
                Arrays.copyOfRange(envelope, HEADER + 1 + idLength, envelope.length));
    }

    /** What the seal binds: the label, the topic, the message id (no separator can occur in a topic's level). */
    static byte[] context(String topic, String messageId) {
        return ("warden-e2e/v1\u0000" + topic + "\u0000" + messageId).getBytes(StandardCharsets.UTF_8);
    }

    /** The Tink key id a ciphertext names (its output prefix: a version byte, then the id, big-endian). */
    static int keyId(byte[] ciphertext) {
        if (ciphertext.length < 5) {
            throw new E2eException(E2eReason.TAMPERED, "the envelope is too short");
        }
        return ((ciphertext[1] & 0xff) << 24)
                | ((ciphertext[2] & 0xff) << 16)
                | ((ciphertext[3] & 0xff) << 8)
                | (ciphertext[4] & 0xff);
    }
}
