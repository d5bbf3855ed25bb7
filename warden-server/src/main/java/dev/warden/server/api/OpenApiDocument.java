package dev.warden.server.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The OpenAPI 3 description of the admin API, shipped as a resource and served at {@code /openapi.json}. */
public final class OpenApiDocument {
    private static final String JSON = load();

    private OpenApiDocument() {}

    public static String json() {
        return JSON;
    }

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
