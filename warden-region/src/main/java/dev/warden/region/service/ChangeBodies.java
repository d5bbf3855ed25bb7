package dev.warden.region.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warden.region.core.RowChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A change entry's body: its row changes as JSON, with sorted keys, so that one list always gives one text. */
final class ChangeBodies {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private ChangeBodies() {}

    static String write(List<RowChange> changes) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RowChange change : changes) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("table", change.table());
            row.put("key", change.key());
            row.put("row", change.row());
            rows.add(row);
        }
        try {
            return JSON.writeValueAsString(Map.of("changes", rows));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<RowChange> read(String body) {
        try {
            Map<String, List<Map<String, Object>>> parsed = JSON.readValue(body, new TypeReference<>() {});
            List<RowChange> changes = new ArrayList<>();
            for (Map<String, Object> row : parsed.getOrDefault("changes", List.of())) {
                @SuppressWarnings("unchecked")
                Map<String, Object> key = normalize((Map<String, Object>) row.get("key"));
                @SuppressWarnings("unchecked")
                Map<String, Object> values = (Map<String, Object>) row.get("row");
                changes.add(new RowChange((String) row.get("table"), key, values == null ? null : normalize(values)));
            }
            return changes;
        } catch (JsonProcessingException | ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("not an IAM change body", e);
        }
    }

    /** JSON numbers come back as Integer or Long: rows hold longs. */
    private static Map<String, Object> normalize(Map<String, Object> values) {
        Map<String, Object> result = new LinkedHashMap<>();
        values.forEach((k, v) -> result.put(k, v instanceof Number n ? (Object) n.longValue() : v));
        return result;
    }
}
