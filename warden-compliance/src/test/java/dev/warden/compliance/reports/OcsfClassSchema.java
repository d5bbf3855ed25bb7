package dev.warden.compliance.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Builds the JSON Schema (draft 2020-12) of one OCSF event class from a compiled OCSF schema: the OCSF server's export
 * ({@code https://schema.ocsf.io/<version>/export/schema}) or the same compilation made by OCSF's own compiler
 * ({@code ocsf-lib-py}, {@code python -m ocsf.compile}). OCSF publishes its classes as JSON Schema only through its
 * server, one request per class, so the tests derive it from the compiled schema the same way: every attribute of the class
 * and of each object it reaches, with its type (and the type's pattern, length and range), its integer enum, array-ness
 * and requirement; unknown attributes refused; the objects' {@code at_least_one} / {@code just_one} constraints.
 * Attributes of a profile are kept only when the profile is selected. Test code: it judges the reports, it is not part
 * of them.
 */
final class OcsfClassSchema {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode export;
    private final Set<String> profiles;

    private OcsfClassSchema(JsonNode export, Set<String> profiles) {
        this.export = export;
        this.profiles = Set.copyOf(profiles);
    }

    static ObjectNode of(JsonNode export, String className, Set<String> profiles) {
        return new OcsfClassSchema(export, profiles).classSchema(className);
    }

    private ObjectNode classSchema(String className) {
        JsonNode cls = export.path("classes").path(className);
        if (cls.isMissingNode()) {
            throw new IllegalArgumentException("no class " + className + " in the export");
        }
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "https://schema.ocsf.io/" + export.path("version").asText() + "/classes/" + className);
        schema.put("title", cls.path("caption").asText());
        ObjectNode defs = JSON.createObjectNode();
        Deque<String> pending = new ArrayDeque<>();
        fill(schema, cls, pending);
        Set<String> done = new HashSet<>();
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (!done.add(name)) {
                continue;
            }
            ObjectNode def = JSON.createObjectNode();
            fill(def, export.path("objects").path(name), pending);
            defs.set(name, def);
        }
        schema.set("$defs", defs);
        return schema;
    }

    /** The properties, required list and constraints of a class or object; objects it names join {@code pending}. */
    private void fill(ObjectNode target, JsonNode definition, Deque<String> pending) {
        target.put("type", "object");
        ObjectNode properties = target.putObject("properties");
        ArrayNode required = JSON.createArrayNode();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        definition.path("attributes").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode attribute = entry.getValue();
            String profile =
                    attribute.hasNonNull("profile") ? attribute.path("profile").asText() : null;
            if (profile != null && !profiles.contains(profile)) {
                continue;
            }
            properties.set(entry.getKey(), attribute(attribute, pending));
            if ("required".equals(attribute.path("requirement").asText())) {
                required.add(entry.getKey());
            }
        }
        if (!required.isEmpty()) {
            target.set("required", required);
        }
        target.put("additionalProperties", false);
        constraints(target, definition.path("constraints"));
    }

    private ObjectNode attribute(JsonNode attribute, Deque<String> pending) {
        ObjectNode item = value(attribute, pending);
        if (!attribute.path("is_array").asBoolean(false)) {
            return item;
        }
        ObjectNode array = JSON.createObjectNode();
        array.put("type", "array");
        array.set("items", item);
        return array;
    }

    private ObjectNode value(JsonNode attribute, Deque<String> pending) {
        ObjectNode node = JSON.createObjectNode();
        String type = attribute.path("type").asText();
        // The server's export names an object as type object_t with an object_type; OCSF's compiler names the
        // object in the type itself.
        boolean isObject = "object_t".equals(type) || export.path("objects").has(type);
        if (isObject) {
            String objectType =
                    "object_t".equals(type) ? attribute.path("object_type").asText() : type;
            if ("object".equals(objectType)
                    || export.path("objects").path(objectType).isMissingNode()) {
                node.put("type", "object");
            } else {
                pending.push(objectType);
                node.put("$ref", "#/$defs/" + objectType.replace("~", "~0").replace("/", "~1"));
            }
            return node;
        }
        JsonNode derived = export.path("types").path(type);
        String base = derived.hasNonNull("type") ? derived.path("type").asText() : type;
        String jsonType = jsonType(base);
        if (jsonType != null) {
            node.put("type", jsonType);
        }
        if (derived.hasNonNull("regex")) {
            node.put("pattern", derived.path("regex").asText());
        }
        if (derived.hasNonNull("max_len")) {
            node.put("maxLength", derived.path("max_len").asInt());
        }
        if (derived.hasNonNull("range")) {
            node.put("minimum", derived.path("range").get(0).asLong());
            node.put("maximum", derived.path("range").get(1).asLong());
        }
        if ("integer".equals(jsonType) && attribute.hasNonNull("enum")) {
            ArrayNode values = node.putArray("enum");
            attribute.path("enum").fieldNames().forEachRemaining(v -> values.add(Long.parseLong(v)));
        }
        return node;
    }

    private static String jsonType(String base) {
        switch (base) {
            case "boolean_t":
                return "boolean";
            case "integer_t":
            case "long_t":
                return "integer";
            case "float_t":
                return "number";
            case "string_t":
                return "string";
            default:
                return null; // json_t: any JSON value
        }
    }

    private static void constraints(ObjectNode target, JsonNode constraints) {
        if (constraints.hasNonNull("at_least_one")) {
            target.set("anyOf", requiredEach(constraints.path("at_least_one")));
        }
        if (constraints.hasNonNull("just_one")) {
            target.set("oneOf", requiredEach(constraints.path("just_one")));
        }
    }

    private static ArrayNode requiredEach(JsonNode names) {
        ArrayNode alternatives = JSON.createArrayNode();
        names.forEach(name -> alternatives.addObject().putArray("required").add(name.asText()));
        return alternatives;
    }
}
