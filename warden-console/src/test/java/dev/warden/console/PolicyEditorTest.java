package dev.warden.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.console.view.SimulationView;
import dev.warden.console.view.ValidationView;
import dev.warden.iam.store.PolicyRecord;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicyValidationException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PolicyEditorTest {
    private static final String TOPIC = "arn:warden:iot:eu-west-1:default:topic/devices/a/telemetry";

    private static String document(String action) {
        return "{\"Version\": \"2012-10-17\", \"Statement\": [\n"
                + "  {\"Sid\": \"Telemetry\", \"Effect\": \"Allow\", \"Action\": \"" + action + "\",\n"
                + "   \"Resource\": \"" + TOPIC + "\"}\n"
                + "]}";
    }

    @Test
    void anInvalidDocumentIsAnsweredWithTheStrictParsersPositionAndReason() {
        String invalid = document("iot:Publsh");
        ValidationView view = PolicyEditor.check("p", invalid);
        PolicyValidationException expected =
                catchThrowableOfType(() -> PolicyParser.parseStrict("p", invalid), PolicyValidationException.class);
        assertThat(view.valid()).isFalse();
        assertThat(view.line()).isEqualTo(expected.line()).isEqualTo(2);
        assertThat(view.column()).isEqualTo(expected.column());
        assertThat(view.reason()).isEqualTo(expected.reason().name());
        assertThat(view.message()).isEqualTo(expected.detail());
    }

    @Test
    void aValidDocumentCountsItsStatements() {
        ValidationView view = PolicyEditor.check("p", document("iot:Publish"));
        assertThat(view.valid()).isTrue();
        assertThat(view.statements()).isEqualTo(1);
    }

    @Test
    void theSimulatorNamesTheDecidingStatementOrTheImplicitDeny() {
        Instant now = Instant.parse("2026-12-07T00:00:00Z");
        PolicyRecord policy = new PolicyRecord("p", document("iot:Publish"), false, now, now);
        SimulationView allowed = PolicyEditor.simulation(policy, "iot:Publish", TOPIC, "iot:ClientId=a");
        assertThat(allowed.decision()).isEqualTo("ALLOW");
        assertThat(allowed.decidingStatement()).isEqualTo("p statement 0 (Sid Telemetry)");
        SimulationView denied = PolicyEditor.simulation(policy, "iot:Subscribe", TOPIC, "");
        assertThat(denied.decision()).isEqualTo("DENY");
        assertThat(denied.decidingStatement()).isEmpty();
        assertThat(PolicyEditor.simulation(policy, "", TOPIC, null).error()).contains("action");
        assertThat(PolicyEditor.simulation(policy, "iot:Publish", TOPIC, "no-equals")
                        .error())
                .contains("line 1");
    }
}
