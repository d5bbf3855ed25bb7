package dev.warden.incident.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaybookParserTest {
    private static final String VALID = String.join(
            "\n",
            "name: contain",
            "description: test",
            "kind: compromised-device",
            "steps:",
            "  - id: quarantine",
            "    action: monitor:Quarantine",
            "    target: thing",
            "    mode: automatic",
            "  - id: ban",
            "    action: iot:CreateBan",
            "    target: address",
            "    mode: approval",
            "    parameters:",
            "      duration: 2h",
            "");

    @Test
    void parsesAValidPlaybook() {
        Playbook p = PlaybookParser.parse(VALID);
        assertThat(p.name()).isEqualTo("contain");
        assertThat(p.steps()).extracting(Step::id).containsExactly("quarantine", "ban");
        assertThat(p.steps().get(0).operation()).isEqualTo(Operation.QUARANTINE);
        assertThat(p.steps().get(1).mode()).isEqualTo(Mode.APPROVAL);
        assertThat(p.steps().get(1).duration(Param.DURATION)).hasValue(java.time.Duration.ofHours(2));
        assertThat(p.source()).isEqualTo(VALID);
    }

    @Test
    void everyBuiltInParsesAndCompromisedDeviceContainsWithoutWaiting() {
        PlaybookLibrary library = PlaybookLibrary.builtIn();
        assertThat(library.list()).extracting(Playbook::name).containsExactlyElementsOf(PlaybookLibrary.BUILT_IN);
        Playbook device = library.require("compromised-device");
        // Every step up to the ban is automatic; the ban, last, waits for a person (an address may be a NAT's).
        assertThat(device.steps().subList(0, device.steps().size() - 1)).allMatch(s -> s.mode() == Mode.AUTOMATIC);
        assertThat(device.steps().get(device.steps().size() - 1).operation()).isEqualTo(Operation.BAN_ADDRESS);
        assertThat(device.steps().get(device.steps().size() - 1).mode()).isEqualTo(Mode.APPROVAL);
        assertThat(device.steps())
                .extracting(Step::operation)
                .contains(Operation.QUARANTINE, Operation.REVOKE_THING_CERTIFICATES, Operation.BAN_ADDRESS);
        // quarantining a whole CA's fleet waits for a person
        assertThat(library.require("rogue-ca")
                        .step("quarantine-registered-devices")
                        .orElseThrow()
                        .mode())
                .isEqualTo(Mode.APPROVAL);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "acton: monitor:Quarantine;target: thing;mode: automatic|5|unknown field \"acton\"",
                "action: monitor:Quarantin;target: thing;mode: automatic|5|unknown action \"monitor:Quarantin\"",
                "action: iam:CreateUser;target: thing;mode: automatic|5|action iam:CreateUser is not one a playbook",
                "action: monitor:Quarantine;target: thing;mode: sometimes|7|unknown mode \"sometimes\"",
                "action: monitor:Quarantine;target: galaxy;mode: automatic|6|unknown target \"galaxy\"",
                "action: monitor:Quarantine;target: certificate;mode: automatic|6|action monitor:Quarantine does not"
                        + " apply to target \"certificate\"",
                "action: monitor:Quarantine;target: thing;parameters: {duration: 1h};mode: automatic|7|unknown parameter"
                        + " \"duration\" for monitor:Quarantine",
            })
    void refusesAMistakeInAStepWithItsLine(String body, int expectedLine, String message) {
        // GIVEN a one-step playbook whose step (lines 5-7) has one mistake
        StringBuilder text = new StringBuilder("name: p\nkind: k\nsteps:\n  - id: one\n");
        for (String line : body.split(";")) {
            text.append("    ").append(line).append('\n');
        }
        // THEN it is refused with the mistake's line
        assertThatThrownBy(() -> PlaybookParser.parse(text.toString()))
                .isInstanceOfSatisfying(IncidentException.class, e -> {
                    assertThat(e.reason()).isEqualTo(IncidentReason.INVALID_PLAYBOOK);
                    assertThat(e.getMessage()).startsWith("line " + expectedLine + ": " + message);
                });
    }

    @Test
    void refusesDuplicateStepIdsAndDuplicateKeys() {
        String dupId = VALID.replace("id: ban", "id: quarantine");
        assertThatThrownBy(() -> PlaybookParser.parse(dupId))
                .hasMessageStartingWith("line 9: duplicate step id \"quarantine\"");
        String dupKey = VALID.replace("    mode: automatic\n", "    mode: automatic\n    mode: approval\n");
        assertThatThrownBy(() -> PlaybookParser.parse(dupKey))
                .hasMessageStartingWith("line 9: duplicate field \"mode\"");
    }

    @Test
    void refusesBadParametersMissingFieldsAndBadShapes() {
        assertThatThrownBy(() -> PlaybookParser.parse(VALID.replace("duration: 2h", "duration: forever")))
                .hasMessageStartingWith("line 14: duration must be a duration");
        assertThatThrownBy(() -> PlaybookParser.parse(VALID.replace("duration: 2h", "duration: 400d")))
                .hasMessageStartingWith("line 14: duration must be a duration");
        assertThatThrownBy(() -> PlaybookParser.parse(VALID.replace("    mode: approval\n", "")))
                .hasMessageStartingWith("line 9: missing field \"mode\"");
        assertThatThrownBy(() -> PlaybookParser.parse(VALID.replace("kind: compromised-device\n", "")))
                .hasMessageStartingWith("line 1: missing field \"kind\"");
        assertThatThrownBy(() -> PlaybookParser.parse("name: p\nkind: k\nsteps: []\n"))
                .hasMessageStartingWith("line 3: steps must be a non-empty list");
        assertThatThrownBy(() -> PlaybookParser.parse("name: p\nkind: k\nsteps:\n  - just a string\n"))
                .hasMessageStartingWith("line 4: a step must be a mapping");
        assertThatThrownBy(() -> PlaybookParser.parse("name: Bad Name\nkind: k\nsteps: []\n"))
                .hasMessageStartingWith("line 1: name is 1-64");
        assertThatThrownBy(() -> PlaybookParser.parse("")).hasMessageStartingWith("line 1: the playbook is empty");
        assertThatThrownBy(() -> PlaybookParser.parse("name: p\nkind: [k\n"))
                .hasMessageStartingWith("line ")
                .hasMessageContaining("syntax error");
    }

    @Test
    void readsJsonWithLineNumbersToo() {
        String json = "{\n  \"name\": \"p\",\n  \"kind\": \"k\",\n  \"steps\": [\n    {\"id\": \"a\","
                + " \"action\": \"monitor:Quarantine\", \"target\": \"thing\", \"mode\": \"automatic\"},\n"
                + "    {\"id\": \"b\", \"acton\": \"x\"}\n  ]\n}\n";
        assertThatThrownBy(() -> PlaybookParser.parse(json)).hasMessageStartingWith("line 6: unknown field \"acton\"");
        Playbook ok = PlaybookParser.parse(json.replace(",\n    {\"id\": \"b\", \"acton\": \"x\"}", ""));
        assertThat(ok.steps()).hasSize(1);
    }

    @Property(tries = 60)
    void anUnknownFieldIsReportedOnItsOwnLine(@ForAll @IntRange(min = 0, max = 3) int stepField) {
        // GIVEN a valid playbook with a misspelt field inserted after field #stepField of its first step
        List<String> lines = new ArrayList<>(List.of(VALID.split("\n")));
        int at = 5 + stepField;
        lines.add(at, "    bogus" + stepField + ": x");
        // THEN the refusal names exactly that line
        assertThatThrownBy(() -> PlaybookParser.parse(String.join("\n", lines)))
                .hasMessage("line " + (at + 1) + ": unknown field \"bogus" + stepField + "\"");
    }
}
