package dev.warden.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Parsing is tolerant of fields it does not know and strict on the types of those it does. */
class MetadataParsingTest {
    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private final TestRepository repo = new TestRepository(NOW);
    private final RepositoryState state = repo.publish();

    private ObjectNode signed(String file) {
        return SignedEnvelope.parse(state.metadata(file), file).signed();
    }

    private static JsonNode json(String text) {
        return TufJson.parse(text.getBytes(StandardCharsets.UTF_8), "test");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertMalformed(Runnable parse) {
        return assertThatThrownBy(parse::run)
                .isInstanceOf(TufException.class)
                .satisfies(e -> assertThat(((TufException) e).reason()).isEqualTo(TufReason.MALFORMED));
    }

    @Test
    void readsBackEveryRoleItWrites() {
        assertThat(Root.fromJson(signed("1.root.json"))).isEqualTo(repo.rootMetadata(1));
        Timestamp timestamp = Timestamp.fromJson(signed("timestamp.json"));
        assertThat(timestamp.snapshotMeta()).isEqualTo(MetaFile.of(1, state.metadata("1.snapshot.json")));
        assertThat(timestamp.expires()).isEqualTo(repo.timestampExpires);
        Snapshot snapshot = Snapshot.fromJson(signed("1.snapshot.json"));
        assertThat(snapshot.meta()).containsOnlyKeys("targets.json", "sensor.json", "camera.json");
        Targets targets = Targets.fromJson(signed("1.targets.json"));
        assertThat(targets.targets()).containsOnlyKeys(TestRepository.WELCOME);
        assertThat(targets.delegations().orElseThrow().rolesFor(TestRepository.FIRMWARE))
                .extracting(DelegatedRole::name)
                .containsExactly("sensor");
        assertThat(Targets.fromJson(signed("1.sensor.json")).targets().get(TestRepository.FIRMWARE))
                .isEqualTo(TargetFile.of(TestRepository.FIRMWARE_BYTES, Optional.empty()));
    }

    @Test
    void toleratesUnknownFieldsEverywhere() {
        ObjectNode root = signed("1.root.json");
        root.put("x-warden-note", "later spec versions may add fields");
        root.withObject("/roles/timestamp").put("x-extra", 1);
        ObjectNode targets = signed("1.targets.json");
        targets.withObject("/targets")
                .withObjectProperty(TestRepository.WELCOME)
                .putObject("custom")
                .put("firmware_version", 7);
        ((ObjectNode) targets.at("/delegations/roles/0")).put("x-extra", true);
        ObjectNode timestamp = signed("timestamp.json");
        timestamp.withObject("/meta").withObjectProperty("snapshot.json").put("x-extra", "y");

        assertThat(Root.fromJson(root).version()).isEqualTo(1);
        assertThat(Targets.fromJson(targets)
                        .targets()
                        .get(TestRepository.WELCOME)
                        .custom()
                        .orElseThrow())
                .isEqualTo(json("{\"firmware_version\": 7}"));
        assertThat(Timestamp.fromJson(timestamp).version()).isEqualTo(1);
    }

    @Test
    void refusesWrongTypesAndOutOfRangeNumbers() {
        List<Function<ObjectNode, ObjectNode>> breakages = List.of(
                s -> s.put("version", "1"),
                s -> s.put("version", 0),
                s -> s.put("version", 1.0),
                s -> s.put("version", 1L << 53),
                s -> s.put("expires", "2030-01-01T00:00:00.000Z"),
                s -> s.put("expires", "2030-01-01"),
                s -> s.put("expires", "2030-02-30T00:00:00Z"),
                s -> s.put("spec_version", "2.0.0"),
                s -> s.put("spec_version", "1.0.x"),
                s -> s.put("_type", "snapshot"),
                s -> s.put("consistent_snapshot", "true"),
                s -> s.without("keys"),
                s -> {
                    s.withObject("/roles").remove("snapshot");
                    return s;
                },
                s -> {
                    s.withObject("/roles/root").put("threshold", 0);
                    return s;
                },
                s -> {
                    s.withArray("/roles/root/keyids")
                            .add(s.at("/roles/root/keyids/0").textValue());
                    return s;
                });
        for (Function<ObjectNode, ObjectNode> breakage : breakages) {
            ObjectNode broken = breakage.apply(signed("1.root.json"));
            assertMalformed(() -> Root.fromJson(broken)).as(broken.toString());
        }
    }

    @Test
    void refusesMalformedTargetsAndDelegations() {
        ObjectNode noHash = signed("1.sensor.json");
        noHash.withObject("/targets")
                .withObjectProperty(TestRepository.FIRMWARE)
                .putObject("hashes");
        assertMalformed(() -> Targets.fromJson(noHash)).hasMessageContaining("at least one hash");

        ObjectNode bothPathForms = signed("1.targets.json");
        ((ObjectNode) bothPathForms.at("/delegations/roles/0"))
                .putArray("path_hash_prefixes")
                .add("ab");
        assertMalformed(() -> Targets.fromJson(bothPathForms))
                .hasMessageContaining("both paths and path_hash_prefixes");

        ObjectNode topLevelName = signed("1.targets.json");
        ((ObjectNode) topLevelName.at("/delegations/roles/0")).put("name", "root");
        assertMalformed(() -> Targets.fromJson(topLevelName));

        ObjectNode twice = signed("1.targets.json");
        ((ObjectNode) twice.at("/delegations/roles/1")).put("name", "sensor");
        assertMalformed(() -> Targets.fromJson(twice)).hasMessageContaining("listed twice");

        ObjectNode noSnapshot = signed("timestamp.json");
        noSnapshot.withObject("/meta").remove("snapshot.json");
        assertMalformed(() -> Timestamp.fromJson(noSnapshot));
    }

    @Test
    void refusesAmbiguousOrBrokenFiles() {
        String timestamp = state.metadataText("timestamp.json");
        // Two parsers keeping different copies of a duplicated key would see two different timestamps.
        String duplicated = timestamp.replaceFirst("\"version\": 1", "\"version\": 1,\n    \"version\": 9");
        assertThat(duplicated).isNotEqualTo(timestamp);
        assertMalformed(() -> SignedEnvelope.parse(duplicated.getBytes(StandardCharsets.UTF_8), "timestamp"))
                .hasMessageContaining("Duplicate field");
        assertMalformed(() -> SignedEnvelope.parse((timestamp + "{}").getBytes(StandardCharsets.UTF_8), "timestamp"));
        assertMalformed(() -> SignedEnvelope.parse("[]".getBytes(StandardCharsets.UTF_8), "timestamp"));
        assertMalformed(() -> SignedEnvelope.parse(new byte[0], "timestamp"));

        SignedEnvelope envelope = SignedEnvelope.parse(state.metadata("timestamp.json"), "timestamp");
        TufSignature signature = envelope.signatures().get(0);
        assertMalformed(() -> new SignedEnvelope(envelope.signed(), List.of(signature, signature)))
                .hasMessageContaining("two signatures by key");
    }

    @Test
    void quotesNamesFromMetadataInMessages() {
        ObjectNode root = signed("1.root.json");
        root.put("_type", "root\nFAKE LOG LINE");
        assertMalformed(() -> Root.fromJson(root)).hasMessageContaining("'root\\u000aFAKE LOG LINE'");
    }

    @Test
    void writesExpiryAsTheSpecificationDoes() {
        Timestamp timestamp = Timestamp.of(3, Instant.parse("2030-01-02T03:04:05.678Z"), MetaFile.versionOnly(2));
        assertThat(timestamp.toJson().get("expires").textValue()).isEqualTo("2030-01-02T03:04:05Z");
        assertThat(timestamp.isExpiredAt(Instant.parse("2030-01-02T03:04:04Z"))).isFalse();
        assertThat(timestamp.isExpiredAt(Instant.parse("2030-01-02T03:04:05Z"))).isTrue();
        assertThat(timestamp.specVersion()).isEqualTo("1.0.31");
        assertThat(Map.copyOf(Hashes.of(new byte[0])))
                .containsEntry("sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
