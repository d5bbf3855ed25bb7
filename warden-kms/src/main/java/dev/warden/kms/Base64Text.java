package dev.warden.kms;

import java.util.Base64;

/** Binary values (encrypted keysets, wrapped keys, ciphertexts) as the base64 TEXT both databases store. */
final class Base64Text {
    private Base64Text() {}

    static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static byte[] decode(String text) {
        return Base64.getDecoder().decode(text);
    }
}
