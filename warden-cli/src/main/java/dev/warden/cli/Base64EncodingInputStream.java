package dev.warden.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;

/** Reads {@code in} as base64 text (standard alphabet, padded, no line breaks), a chunk at a time. */
final class Base64EncodingInputStream extends InputStream {
    /** A multiple of 3, so that only the last chunk is padded. */
    private static final int CHUNK = 3 * 16 * 1024;

    private final InputStream in;
    private byte[] encoded = new byte[0];
    private int position;
    private boolean end;

    Base64EncodingInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position == encoded.length && !fill()) {
            return -1;
        }
        int n = Math.min(len, encoded.length - position);
        System.arraycopy(encoded, position, b, off, n);
        position += n;
        return n;
    }

    private boolean fill() throws IOException {
        if (end) {
            return false;
        }
        byte[] raw = in.readNBytes(CHUNK);
        end = raw.length < CHUNK;
        if (raw.length == 0) {
            return false;
        }
        encoded = Base64.getEncoder().encode(raw);
        position = 0;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
