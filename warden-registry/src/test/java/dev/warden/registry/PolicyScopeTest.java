package dev.warden.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.iam.store.Scope;
import dev.warden.storage.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scope of policies and thing groups as stored, and the names a regional one may not take (issue 24). */
class PolicyScopeTest {
    private static final String DOCUMENT = TestPolicies.DOCUMENT;

    @TempDir
    Path dir;

    private Database database;
    private PolicyService policies;

    @BeforeEach
    void open() {
        database = Database.open(null, dir);
        policies = TestPolicies.service(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aPolicyIsGlobalUnlessMadeRegionalAndKeepsItsScopeThroughAnUpdate() {
        policies.create("fleet", DOCUMENT);
        policies.create("bench", DOCUMENT, Scope.REGIONAL);
        policies.update("bench", DOCUMENT.replace("fleet", "bench"));

        assertThat(policies.get("fleet").scope()).isEqualTo(Scope.GLOBAL);
        assertThat(policies.get("bench").scope()).isEqualTo(Scope.REGIONAL);
        assertThat(policies.policyScope("bench")).contains(Scope.REGIONAL);
        assertThat(policies.policyScope("none")).isEmpty();
    }

    @Test
    void aRegionalPolicyMayNotTakeAGlobalOnesName() {
        policies.create("fleet", DOCUMENT);

        assertThatThrownBy(() -> policies.create("fleet", DOCUMENT, Scope.REGIONAL))
                .isInstanceOfSatisfying(
                        RegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegistryReason.GLOBAL_NAME_TAKEN));
        assertThat(policies.get("fleet").scope()).isEqualTo(Scope.GLOBAL);
    }

    @Test
    void aThingGroupIsRegionalUnlessMadeGlobalAndARegionalOneMayNotTakeAGlobalOnesName() {
        policies.createThingGroup("bench");
        policies.createThingGroup("sensors", Scope.GLOBAL);

        assertThat(policies.thingGroupScope("bench")).contains(Scope.REGIONAL);
        assertThat(policies.thingGroupScope("sensors")).contains(Scope.GLOBAL);
        assertThatThrownBy(() -> policies.createThingGroup("sensors", Scope.REGIONAL))
                .isInstanceOfSatisfying(
                        RegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegistryReason.GLOBAL_NAME_TAKEN));
    }
}
