package dev.warden.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.registry.store.PolicyVersion;
import dev.warden.storage.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Making an earlier version of a policy the default again: a new version, the history kept. */
class PolicyRestoreTest {
    private static final String DOCUMENT = TestPolicies.DOCUMENT;

    @TempDir
    Path dir;

    private Database database;
    private PolicyService policies;

    @BeforeEach
    void open() {
        database = Database.open(null, dir);
        policies = TestPolicies.service(database);
        policies.create("fleet", DOCUMENT);
        policies.update("fleet", DOCUMENT.replace("fleet", "yard"));
        policies.update("fleet", DOCUMENT.replace("fleet", "dock"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void restoringVersionOneWritesItsDocumentAsVersionFourNamingIt() {
        PolicyVersion written = policies.restore("fleet", 1);

        assertThat(written.version()).isEqualTo(4);
        assertThat(written.restores()).isEqualTo(1);
        assertThat(policies.get("fleet").document()).isEqualTo(DOCUMENT);
        assertThat(policies.versions("fleet"))
                .extracting(PolicyVersion::version)
                .containsExactly(1, 2, 3, 4);
    }

    @Test
    void theVersionInForceAndAnUnknownOneAreRefusedAndNothingIsWritten() {
        assertThatThrownBy(() -> policies.restore("fleet", 3))
                .isInstanceOfSatisfying(
                        RegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegistryReason.VERSION_IN_FORCE));
        assertThatThrownBy(() -> policies.restore("fleet", 9))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryReason.UNKNOWN_VERSION));
        assertThat(policies.versions("fleet")).hasSize(3);
    }

    @Test
    void revertStillPutsBackThePreviousVersion() {
        assertThat(policies.revert("fleet").restores()).isEqualTo(2);
    }
}
