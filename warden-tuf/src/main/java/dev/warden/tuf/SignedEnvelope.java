package dev.warden.tuf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A metadata file as received or about to be written: {@code {"signatures": [...], "signed": {...}}}.
 *
 * <p>The {@code signed} object is kept as the JSON tree that was read, and what signatures cover is its canonical
 * form ({@link #canonicalSigned()}), never a re-serialization of a record: fields this module does not know are
 * signed too. Parsing checks only the envelope; the {@code signed} object is read into a record after its signatures
 * were checked.
 *
 * @param signed the {@code signed} object (a copy: records are immutable)
 * @param signatures the signatures, at most one per key id (the specification requires unique key ids)
 */
public record SignedEnvelope(ObjectNode signed, List<TufSignature> signatures) {
    private static final ObjectWriter FILE_WRITER = TufJson.mapper().writer(prettyPrinter());

    public SignedEnvelope {
        signed = signed.deepCopy();
        signatures = List.copyOf(signatures);
        Set<String> keyIds = new HashSet<>();
        for (TufSignature signature : signatures) {
            if (!keyIds.add(signature.keyId())) {
                throw new TufException(
                        TufReason.MALFORMED, "two signatures by key " + TufJson.quote(signature.keyId()));
            }
        }
    }

    @Override
    public ObjectNode signed() {
        return signed.deepCopy();
    }

    /** Reads a metadata file's envelope; {@code what} names the file in messages. */
    public static SignedEnvelope parse(byte[] file, String what) {
        ObjectNode root = TufJson.object(TufJson.parse(file, what), what);
        ObjectNode signed = TufJson.objectField(root, "signed", what);
        JsonNode array = root.get("signatures");
        if (array == null || !array.isArray()) {
            throw TufJson.malformed(what + ".signatures", "must be an array");
        }
        List<TufSignature> signatures = new ArrayList<>();
        for (JsonNode item : array) {
            signatures.add(TufSignature.fromJson(item, what + ".signatures"));
        }
        return new SignedEnvelope(signed, signatures);
    }

    /** The {@code _type} of the signed object; {@link TufReason#MALFORMED} when it has none. */
    public String type() {
        return TufJson.string(signed, "_type", "signed");
    }

    /** The bytes every signature covers: the canonical JSON of {@code signed}. */
    public byte[] canonicalSigned() {
        return CanonicalJson.encode(signed);
    }

    /**
     * The file: ordinary JSON (escaped, so that any JSON parser reads it), keys sorted and indented by two spaces, so
     * that one envelope always gives the same bytes.
     */
    public byte[] toBytes() {
        ObjectNode root = TufJson.NODES.objectNode();
        ArrayNode array = root.putArray("signatures");
        signatures.forEach(signature -> array.add(signature.toJson()));
        root.set("signed", signed);
        try {
            return (FILE_WRITER.writeValueAsString(sorted(root)) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                names.add(field.getKey());
            }
            names.sort(CanonicalJson::compareCodePoints);
            ObjectNode copy = TufJson.NODES.objectNode();
            names.forEach(name -> copy.set(name, sorted(node.get(name))));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = TufJson.NODES.arrayNode();
            node.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        return node;
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators =
                Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER);
        return new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
    }
}
