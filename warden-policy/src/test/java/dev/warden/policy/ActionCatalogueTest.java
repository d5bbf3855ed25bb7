package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ActionCatalogueTest {

    @Test
    void builtInCatalogueParsesWithoutDuplicates() throws Exception {
        String text;
        try (InputStream in = ActionCatalogue.class.getResourceAsStream(ActionCatalogue.RESOURCE)) {
            assertThat(in).as(ActionCatalogue.RESOURCE).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> lines = text.lines()
                .map(l -> l.replaceAll("#.*", "").strip())
                .filter(l -> !l.isEmpty())
                .toList();
        Set<String> seen = new HashSet<>();
        for (String l : lines) {
            assertThat(l).matches("[a-z][a-z0-9-]*:[A-Z][A-Za-z0-9]*");
            assertThat(seen.add(l.toLowerCase(Locale.ROOT)))
                    .as("listed twice: " + l)
                    .isTrue();
        }
        ActionCatalogue c = ActionCatalogue.builtIn();
        assertThat(c.actions()).hasSize(lines.size()).doesNotHaveDuplicates();
        assertThat(c.actions())
                .contains(
                        "iot:Connect",
                        "iot:Publish",
                        "iot:Receive",
                        "iot:RetainPublish",
                        "iot:Subscribe",
                        "warden:CreateThing",
                        "iam:CreatePolicy",
                        "kms:Encrypt",
                        "secrets:GetSecretValue",
                        "sts:AssumeRole",
                        "audit:LookupEvents",
                        "data:GetTelemetry",
                        "warden:GetObject");
    }

    @Test
    void catalogueServicesAreTheKnownServices() {
        assertThat(ActionCatalogue.builtIn().services())
                .containsExactlyInAnyOrderElementsOf(PolicyParser.KNOWN_SERVICES);
    }

    @Test
    void lookupsIgnoreCase() {
        ActionCatalogue c = ActionCatalogue.builtIn();
        assertThat(c.contains("iot:publish")).isTrue();
        assertThat(c.contains("IOT:Publish")).isTrue();
        assertThat(c.contains("iot:Publis")).isFalse();
        assertThat(c.actions("IoT")).contains("iot:Publish");
        assertThat(c.actions("s3")).isEmpty();
    }

    @Test
    void suggestions() {
        ActionCatalogue c = ActionCatalogue.builtIn();
        assertThat(c.suggest("iot:Subscibe")).isEqualTo("iot:Subscribe");
        assertThat(c.suggest("iot:publsih")).isEqualTo("iot:Publish");
        assertThat(c.suggest("kms:Encyrpt")).isEqualTo("kms:Encrypt");
        assertThat(c.suggest("iot:CreateThing")).isEqualTo("warden:CreateThing");
        assertThat(c.suggest("iot:Frobnicate")).isNull();
        assertThat(c.suggest("iot:" + "X".repeat(10_000))).isNull();
    }

    @Test
    void malformedOrDuplicateCatalogueIsRefused() {
        assertThat(ActionCatalogue.parse("# c\niot:A  # x\n\nkms:B\n").actions())
                .containsExactly("iot:A", "kms:B");
        assertThatThrownBy(() -> ActionCatalogue.parse("iot:AB\niot:Ab\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> ActionCatalogue.parse("iot:A\nPublish\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> ActionCatalogue.parse("iot:Pub*\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void editDistance() {
        assertThat(ActionCatalogue.distance("subscibe", "subscribe")).isEqualTo(1);
        assertThat(ActionCatalogue.distance("publsih", "publish")).isEqualTo(1);
        assertThat(ActionCatalogue.distance("", "abc")).isEqualTo(3);
        assertThat(ActionCatalogue.distance("abc", "abc")).isZero();
    }
}
