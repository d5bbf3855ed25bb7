package dev.warden.monitor.device;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.util.List;

/** The published schema, applied by an independent JSON Schema (draft 2020-12) implementation. */
final class SchemaValidator {
    private static final Schema SCHEMA = load();

    private SchemaValidator() {}

    private static Schema load() {
        try (InputStream in = DeviceMetricsParser.class.getResourceAsStream(DeviceMetricsParser.SCHEMA_RESOURCE)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Error> errors(String document) {
        return SCHEMA.validate(document, InputFormat.JSON);
    }

    static boolean valid(String document) {
        return errors(document).isEmpty();
    }
}
