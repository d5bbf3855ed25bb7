package dev.warden.console.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyEffectsTest {
    @Test
    void anAttachedPolicysDeletionSaysTheNodeWillRefuseItAndToWhatItIsAttached() {
        List<String> effects = PolicyEffects.deletion("fleet", List.of("dev-1"), List.of("user:ops"), 3);

        assertThat(String.join(" ", effects))
                .contains("attached to thing dev-1, user:ops", "POLICY_ATTACHED", "detach it first")
                .doesNotContain("Deletes");
    }

    @Test
    void anUnattachedPolicysDeletionSaysItsHistoryGoesToo() {
        assertThat(PolicyEffects.deletion("fleet", List.of(), List.of(), 3).get(0))
                .isEqualTo("Deletes policy fleet and its 3 recorded version(s); this cannot be undone.");
    }

    @Test
    void aRestoreWritesTheNextVersionAndKeepsTheHistory() {
        assertThat(PolicyEffects.restore("fleet", 1, 4, 2))
                .containsExactly(
                        "Writes version 5 of fleet with version 1's document, as the default version (version 4 stays"
                                + " in the history).",
                        "Its 2 attachment(s) are decided with it from their next request or packet.");
    }

    @Test
    void aNewPolicyIsAttachedToNothing() {
        assertThat(PolicyEffects.creation("fleet", 2))
                .containsExactly(
                        "Stores policy fleet with 2 statement(s) as its version 1.",
                        "It is attached to nothing: it grants or denies nothing until it is attached.");
    }
}
