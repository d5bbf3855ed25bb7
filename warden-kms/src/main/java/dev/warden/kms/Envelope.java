package dev.warden.kms;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The wire form of a Warden KMS ciphertext or wrapped data key: a header naming region, key, owner and record, then
 * Tink's output. The whole header is the AEAD's associated data, so none of it can be changed without failing
 * decryption; it is readable so that a refusal can say precisely why (wrong region, wrong record) before decrypting.
 */
record Envelope(Kind kind, String region, String keyArn, String owner, String recordId, byte[] header, byte[] body) {
    private static final byte[] MAGIC = {'W', 'K', 1};

    enum Kind {
        DATA((byte) 'D'),
        WRAPPED_DATA_KEY((byte) 'K');

        final byte code;

        Kind(byte code) {
            this.code = code;
        }
    }

    static byte[] header(Kind kind, String region, String keyArn, EncryptionContext context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(kind.code);
        for (String field : new String[] {region, keyArn, context.owner(), context.recordId()}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length >>> 8);
            out.write(bytes.length & 0xff);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    static byte[] join(byte[] header, byte[] body) {
        byte[] all = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, all, header.length, body.length);
        return all;
    }

    /** @throws KmsException {@link KmsReason#DECRYPTION_FAILED} if {@code bytes} is not a well-formed envelope of {@code expected} kind */
    static Envelope parse(byte[] bytes, Kind expected) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC) || in.get() != expected.code) {
                throw malformed();
            }
            String[] fields = new String[4];
            for (int i = 0; i < fields.length; i++) {
                int length = ((in.get() & 0xff) << 8) | (in.get() & 0xff);
                byte[] field = new byte[length];
                in.get(field);
                fields[i] = new String(field, StandardCharsets.UTF_8);
            }
            int headerLength = in.position();
            return new Envelope(
                    expected,
                    fields[0],
                    fields[1],
                    fields[2],
                    fields[3],
                    Arrays.copyOf(bytes, headerLength),
                    Arrays.copyOfRange(bytes, headerLength, bytes.length));
        } catch (RuntimeException e) {
            if (e instanceof KmsException k) {
                throw k;
            }
            throw malformed();
        }
    }

    EncryptionContext context() {
        return new EncryptionContext(owner, recordId);
    }

    private static KmsException malformed() {
        return new KmsException(KmsReason.DECRYPTION_FAILED, "not a Warden KMS ciphertext, or truncated");
    }
}
