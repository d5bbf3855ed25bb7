package dev.warden.compliance.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.compliance.core.Fix;
import dev.warden.storage.StorageException;
import dev.warden.storage.StorageReason;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link Fix} as the JSON of the {@code fix} column. */
final class FixJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FixJson() {}

    static String write(Optional<Fix> fix) {
        if (fix.isEmpty()) {
            return null;
        }
        Fix f = fix.get();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("command", f.command());
        m.put("method", f.method());
        m.put("path", f.path());
        m.put("iamAction", f.iamAction());
        m.put("body", f.body());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new StorageException(StorageReason.INVALID, "a fix cannot be stored as JSON");
        }
    }

    static Optional<Fix> read(String json) {
        if (json == null) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(json);
            return Optional.of(new Fix(
                    n.path("command").asText(),
                    n.path("method").asText(),
                    n.path("path").asText(),
                    n.path("iamAction").asText(),
                    n.path("body").isNull() ? null : n.path("body").asText(null)));
        } catch (JsonProcessingException e) {
            throw new StorageException(StorageReason.INVALID, "a stored fix is corrupt");
        }
    }
}
