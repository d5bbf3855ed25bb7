package dev.warden.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The fields every role's {@code signed} object has, read and written in one place. */
record SignedHeader(String specVersion, long version, Instant expires) {
    SignedHeader {
        TufJson.checkRange(version, 1, "version");
        expires = expires.truncatedTo(ChronoUnit.SECONDS);
    }

    static SignedHeader read(JsonNode signed, String type) {
        TufJson.object(signed, type);
        TufJson.requireType(signed, type, type);
        return new SignedHeader(
                TufJson.specVersion(signed, type),
                TufJson.integer(signed, "version", 1, type),
                TufJson.expires(signed, type));
    }

    static ObjectNode write(String type, String specVersion, long version, Instant expires) {
        ObjectNode node = TufJson.NODES.objectNode();
        node.put("_type", type);
        node.put("spec_version", specVersion);
        node.put("version", version);
        node.put("expires", TufJson.formatExpires(expires));
        return node;
    }
}
