package dev.warden.tuf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/** What an attacker without the keys can do to a file: change it and keep the old signatures. */
public final class Tamper {
    private Tamper() {}

    /** The file with its signed object changed after signing: the signatures no longer cover it. */
    public static byte[] changeSigned(byte[] file, Consumer<ObjectNode> change) {
        SignedEnvelope envelope = SignedEnvelope.parse(file, "file");
        ObjectNode signed = envelope.signed();
        change.accept(signed);
        return new SignedEnvelope(signed, envelope.signatures()).toBytes();
    }

    /** Other bytes of the same length: one hex digit of the first signature changed. */
    public static byte[] sameLengthOtherBytes(byte[] file) {
        String text = new String(file, StandardCharsets.UTF_8);
        int at = text.indexOf("\"sig\": \"") + "\"sig\": \"".length();
        char other = text.charAt(at) == '3' ? '4' : '3';
        return (text.substring(0, at) + other + text.substring(at + 1)).getBytes(StandardCharsets.UTF_8);
    }

    /** The file with its first signature listed twice, which the specification forbids. */
    public static byte[] duplicateFirstSignature(byte[] file) throws Exception {
        ObjectNode root = (ObjectNode) TufJson.mapper().readTree(file);
        ArrayNode signatures = (ArrayNode) root.get("signatures");
        signatures.add(signatures.get(0).deepCopy());
        return TufJson.mapper().writeValueAsBytes(root);
    }

    /** The same bytes with the last one changed. */
    public static byte[] lastByteChanged(byte[] content) {
        byte[] copy = Arrays.copyOf(content, content.length);
        copy[copy.length - 1] ^= 1;
        return copy;
    }
}
