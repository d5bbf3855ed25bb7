package dev.warden.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The OpenAPI 3 description of the admin API, shipped as a resource and served at {@code /openapi.json}. */
public final class OpenApiDocument {
    private static final String JSON = load();

    private OpenApiDocument() {}

    public static String json() {
        return JSON;
    }

    /**
     * The shipped document, completed with every audited route: each operation names its IAM action
     * ({@code x-warden-action}), so the document and the authorization model cannot drift apart.
     */
    public static String json(List<AuditedRoutes.Route> routes) {
        try {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode doc = (ObjectNode) mapper.readTree(JSON);
            ObjectNode paths = doc.withObjectProperty("paths");
            for (AuditedRoutes.Route route : routes) {
                // Javalin's <name> (a parameter that may hold slashes) is an ordinary path parameter in OpenAPI.
                String path = route.path().replaceAll("<([^>]+)>", "{$1}");
                ObjectNode item = paths.withObjectProperty(path);
                String method = route.method().name().toLowerCase(Locale.ROOT);
                if (!item.has("parameters")) {
                    ArrayNode parameters = mapper.createArrayNode();
                    Matcher m = PATH_PARAMETER.matcher(path);
                    while (m.find()) {
                        parameters
                                .addObject()
                                .put("name", m.group(1))
                                .put("in", "path")
                                .put("required", true)
                                .putObject("schema")
                                .put("type", "string");
                    }
                    if (!parameters.isEmpty()) {
                        item.set("parameters", parameters);
                    }
                }
                ObjectNode operation = item.withObjectProperty(method);
                if (!operation.has("summary")) {
                    operation.put("summary", route.action());
                    ObjectNode responses = operation.putObject("responses");
                    responses.putObject("200").put("description", "OK");
                    for (String code : List.of("400", "401", "403", "404", "409")) {
                        responses.putObject(code).put("$ref", "#/components/responses/Error");
                    }
                    if (!path.startsWith("/auth/") && !path.startsWith("/provisioning/")) {
                        operation.putArray("security").addObject().putArray("bearer");
                    }
                }
                operation.put("x-warden-action", route.action());
            }
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    private static String load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
