package dev.warden.region.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What crosses a region link is listed per operation; only the fields named in CARRIES_CONTENT are more than metadata. */
class LinkSchemaTest {
    private static final Pattern CONTENT =
            Pattern.compile("(?i).*(payload|content(?!type)|secret|password|private|plaintext|value).*");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void noOperationCarriesContentExceptTheNamedOnes() {
        for (LinkOperation op : LinkOperation.values()) {
            Set<String> fields = new HashSet<>(LinkSchema.of(op).request());
            fields.addAll(LinkSchema.of(op).answer());
            Set<String> content = new HashSet<>();
            fields.stream().filter(f -> CONTENT.matcher(f).matches()).forEach(content::add);
            assertThat(content).as(op.name()).isEqualTo(LinkSchema.CARRIES_CONTENT.getOrDefault(op, Set.of()));
        }
    }

    @Test
    void aFieldTheSchemaDoesNotListIsRefusedWhicheverWayItGoes() throws Exception {
        var listed = JSON.readTree("{\"changes\": [], \"lastSeq\": 3}");
        assertThatCode(() -> LinkSchema.checkAnswer(LinkOperation.IAM_CHANGES, listed))
                .doesNotThrowAnyException();
        var extra = JSON.readTree("{\"changes\": [], \"lastSeq\": 3, \"telemetry\": \"21.5\"}");
        assertThatThrownBy(() -> LinkSchema.checkAnswer(LinkOperation.IAM_CHANGES, extra))
                .isInstanceOfSatisfying(
                        RegionException.class, e -> assertThat(e.reason()).isEqualTo(RegionReason.INVALID_REQUEST))
                .hasMessageContaining("telemetry");
        var leave = JSON.readTree("{\"why\": \"x\"}");
        assertThatThrownBy(() -> LinkSchema.checkRequest(LinkOperation.LEAVE, leave))
                .isInstanceOf(RegionException.class);
    }
}
