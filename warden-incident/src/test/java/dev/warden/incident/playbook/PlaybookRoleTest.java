package dev.warden.incident.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.ActionCatalogue;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PlaybookRoleTest {
    private static final TargetArns ARNS = new TargetArns("eu-1", "123456789012");
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void everyOperationIsACatalogueAction() {
        ActionCatalogue catalogue = ActionCatalogue.builtIn();
        for (Operation o : Operation.values()) {
            assertThat(catalogue.contains(o.action())).as(o.action()).isTrue();
        }
    }

    @Test
    void aBuiltInsRoleAllowsExactlyItsStepsOnTheirKindsOfResource() {
        for (Playbook p : PlaybookLibrary.builtIn().list()) {
            PlaybookRole role = PlaybookRole.derive(p, ARNS);
            assertThat(role.name()).isEqualTo("playbook-" + p.name());
            for (Step s : p.steps()) {
                String value = s.target().kind() == Selector.PRINCIPAL ? "user/alice" : "x1";
                String arn = ARNS.arn(new Target(s.target().kind(), value));
                assertThat(role.decide(s.action(), arn, NOW).allowed())
                        .as(p.name() + " " + s.id())
                        .isTrue();
            }
        }
    }

    @Test
    void theRoleDeniesAnyOtherActionOrResource() {
        PlaybookRole role = PlaybookRole.derive(PlaybookLibrary.builtIn().require("compromised-device"), ARNS);
        String thing = ARNS.arn(new Target(Selector.THING, "sensor-1"));
        // GIVEN the compromised-device role WHEN it is asked for anything its steps do not do THEN it is denied
        assertThat(role.decide("warden:DeleteThing", thing, NOW).allowed()).isFalse();
        assertThat(role.decide("incident:DisableUser", ARNS.arn(new Target(Selector.PRINCIPAL, "bob")), NOW)
                        .allowed())
                .isFalse();
        assertThat(role.decide("monitor:Quarantine", "arn:warden:iot:us-1:123456789012:thing/sensor-1", NOW)
                        .allowed())
                .as("another region")
                .isFalse();
        assertThat(role.decide("monitor:Quarantine", thing, NOW).allowed()).isTrue();
        assertThat(role.document()).contains("\"monitor:Quarantine\"").doesNotContain("\"*\"");
    }

    @Test
    void anAdminCredentialIsNoTargetOfTheCredentialRole() {
        PlaybookRole role = PlaybookRole.derive(PlaybookLibrary.builtIn().require("stolen-credential"), ARNS);
        assertThat(role.decide("incident:DisableUser", ARNS.arn(new Target(Selector.PRINCIPAL, "admin/boot")), NOW)
                        .allowed())
                .isFalse();
        assertThat(role.decide("iam:DeleteAccessKey", ARNS.arn(new Target(Selector.PRINCIPAL, "service/app")), NOW)
                        .allowed())
                .isTrue();
    }
}
