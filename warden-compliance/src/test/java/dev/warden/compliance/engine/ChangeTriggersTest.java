package dev.warden.compliance.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.compliance.core.CheckId;
import dev.warden.policy.ActionCatalogue;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The action map names real actions, and every check a change can affect is reachable from some change. */
class ChangeTriggersTest {
    @Test
    void everyTriggeringActionIsAnActionWardenAuthorizes() {
        ActionCatalogue catalogue = ActionCatalogue.builtIn();
        assertThat(ChangeTriggers.actions())
                .filteredOn(a -> !a.equals(ChangeTriggers.SESSION_TAKEN_OVER) && !a.equals(ChangeTriggers.ATTEST_BOOT))
                .allSatisfy(a -> assertThat(catalogue.contains(a)).as(a).isTrue());
    }

    @Test
    void onlyTimeAndTheNodesOwnSettingsAreLeftToTheDailyRun() {
        Set<CheckId> reached = EnumSet.noneOf(CheckId.class);
        ChangeTriggers.actions().forEach(a -> reached.addAll(ChangeTriggers.of(a)));
        assertThat(EnumSet.complementOf(EnumSet.copyOf(reached)))
                .containsExactlyInAnyOrder(
                        // the node's configuration, read at start: a restart changes them, then the first run sees it
                        CheckId.MASTER_KEY_PASSPHRASE_ON_NODE,
                        CheckId.CA_KEY_NOT_IN_HSM,
                        CheckId.TLS_POLICY_WEAK,
                        CheckId.MONITORING_DISABLED);
        assertThat(ChangeTriggers.of("warden:DescribeThing")).isEmpty();
    }
}
