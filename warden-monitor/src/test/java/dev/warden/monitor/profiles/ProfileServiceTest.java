package dev.warden.monitor.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import dev.warden.monitor.core.BuiltInProfiles;
import dev.warden.monitor.core.ProfileTarget;
import dev.warden.monitor.core.SecurityProfile;
import dev.warden.monitor.store.ProfileChange;
import dev.warden.monitor.store.ProfileVersion;
import dev.warden.monitor.store.StoredProfile;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileServiceTest {
    private static final String DOOR = """
            {"name": "door", "targets": ["group/doors"], "behaviours": [
              {"name": "flood", "metric": "num-messages-sent", "operator": "greater-than", "value": 100,
               "window-seconds": 10}]}
            """;

    @TempDir
    Path dir;

    private Database db;
    private final List<List<SecurityProfile>> installed = new ArrayList<>();
    private ProfileService service;

    @BeforeEach
    void open() {
        db = Database.open(null, dir);
        service = new ProfileService(db, Clock.systemUTC(), installed::add);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<String> lastInstalledNames() {
        return installed.get(installed.size() - 1).stream()
                .map(SecurityProfile::name)
                .toList();
    }

    @Test
    void seedsTheBuiltInOnceAndNeverDeletesIt() {
        assertThat(service.seedBuiltIns()).isTrue();
        assertThat(service.seedBuiltIns()).isFalse();

        StoredProfile baseline = service.show(BuiltInProfiles.BASELINE);
        assertThat(baseline.builtIn()).isTrue();
        assertThat(baseline.version()).isEqualTo(1);
        assertThat(baseline.createdBy()).isEqualTo(ProfileService.SYSTEM);
        assertThatThrownBy(() -> service.delete(BuiltInProfiles.BASELINE, "user:alice"))
                .isInstanceOfSatisfying(
                        MonitorException.class, e -> assertThat(e.reason()).isEqualTo(MonitorReason.BUILT_IN_PROFILE));
        assertThat(service.active()).extracting(SecurityProfile::name).containsExactly(BuiltInProfiles.BASELINE);
    }

    @Test
    void everyChangeIsANewVersionAndIsInstalled() {
        StoredProfile created = service.create(DOOR, "user:alice");
        StoredProfile updated = service.update("door", DOOR.replace("100", "200"), 1, "user:bob");
        StoredProfile attached = service.attach("door", "type/lock", "user:bob");
        StoredProfile again = service.attach("door", "type/lock", "user:bob");
        StoredProfile detached = service.detach("door", "group/doors", "user:carol");

        assertThat(created.version()).isEqualTo(1);
        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.document()).contains("200");
        assertThat(attached.version()).isEqualTo(3);
        assertThat(again.version()).isEqualTo(3);
        assertThat(detached.version()).isEqualTo(4);
        assertThat(service.active().get(0).targets())
                .containsExactly(new ProfileTarget(ProfileTarget.Kind.TYPE, "lock"));
        assertThat(service.versions("door"))
                .extracting(ProfileVersion::change)
                .containsExactly(
                        ProfileChange.CREATE, ProfileChange.UPDATE, ProfileChange.ATTACH, ProfileChange.DETACH);
        assertThat(service.show("door", 1).document()).contains("100").doesNotContain("200");
        assertThat(service.show("door").updatedBy()).isEqualTo("user:carol");
        assertThat(service.show("door").createdBy()).isEqualTo("user:alice");
        assertThat(installed).hasSize(5); // after every call, the unchanged attach included
        assertThat(lastInstalledNames()).containsExactly("door");
    }

    @Test
    void anUpdateFromAStaleVersionIsAConflictAndChangesNothing() {
        service.create(DOOR, "user:alice");
        service.update("door", DOOR.replace("100", "200"), 1, "user:bob");

        assertThatThrownBy(() -> service.update("door", DOOR.replace("100", "300"), 1, "user:carol"))
                .isInstanceOfSatisfying(MonitorException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MonitorReason.VERSION_CONFLICT);
                    assertThat(e.getMessage()).contains("version 2, not 1");
                });
        assertThat(service.show("door").document()).contains("200");
        assertThat(service.versions("door")).hasSize(2);
    }

    @Test
    void refusalsNameTheirReason() {
        service.create(DOOR, "user:alice");

        assertThat(reason(() -> service.create(DOOR, "user:alice"))).isEqualTo(MonitorReason.PROFILE_ALREADY_EXISTS);
        assertThat(reason(() -> service.show("nope"))).isEqualTo(MonitorReason.NO_SUCH_PROFILE);
        assertThat(reason(() -> service.show("door", 9))).isEqualTo(MonitorReason.NO_SUCH_PROFILE);
        assertThat(reason(() -> service.update("nope", DOOR.replace("\"door\"", "\"nope\""), 1, "u")))
                .isEqualTo(MonitorReason.NO_SUCH_PROFILE);
        assertThat(reason(() -> service.update("other", DOOR, 1, "u"))).isEqualTo(MonitorReason.INVALID_PROFILE_NAME);
        assertThat(reason(() -> service.create(DOOR.replace("num-messages-sent", "num-bananas"), "u")))
                .isEqualTo(MonitorReason.UNKNOWN_METRIC);
        assertThat(reason(() -> service.attach("door", "fleet/x", "u"))).isEqualTo(MonitorReason.INVALID_TARGET);
        assertThat(reason(() -> service.detach("door", "group/other", "u"))).isEqualTo(MonitorReason.INVALID_TARGET);
        assertThat(service.versions("door")).hasSize(1);
    }

    @Test
    void aDeletedProfileKeepsItsHistoryAndARecreatedOneContinuesIt() {
        service.create(DOOR, "user:alice");
        service.delete("door", "user:bob");

        assertThat(reason(() -> service.show("door"))).isEqualTo(MonitorReason.NO_SUCH_PROFILE);
        assertThat(lastInstalledNames()).isEmpty();
        StoredProfile recreated = service.create(DOOR, "user:carol");
        assertThat(recreated.version()).isEqualTo(3);
        assertThat(service.versions("door"))
                .extracting(ProfileVersion::change)
                .containsExactly(ProfileChange.CREATE, ProfileChange.DELETE, ProfileChange.CREATE);
    }

    @Test
    void aProfileDetachedFromEverythingIsKeptAndCanBeUpdatedAsShown() {
        service.seedBuiltIns();
        StoredProfile detached = service.detach(BuiltInProfiles.BASELINE, "all", "user:alice");

        assertThat(detached.document()).contains("\"targets\":[]");
        StoredProfile updated =
                service.update(BuiltInProfiles.BASELINE, detached.document(), detached.version(), "user:alice");
        assertThat(updated.version()).isEqualTo(3);
        assertThat(service.active().get(0).targets()).isEmpty();
    }

    @Test
    void aBuiltInProfileStoredByAnOlderVersionIsUpgradedUnlessAnOperatorChangedIt() {
        service.seedBuiltIns();
        // What an older version stored: the baseline without its attestation-failure behaviour.
        StoredProfile seeded = service.show(BuiltInProfiles.BASELINE);
        String older =
                seeded.document().replaceAll("\\{\"name\":\"attestation-failure\"[^{}]*(\\{[^{}]*\\}[^{}]*)*\\},?", "");
        assertThat(older).doesNotContain("attestation-failure");
        service.update(BuiltInProfiles.BASELINE, older, seeded.version(), ProfileService.SYSTEM);

        assertThat(service.upgradeBuiltIns()).isEqualTo(ProfileService.Upgrade.UPGRADED);
        assertThat(service.show(BuiltInProfiles.BASELINE).document()).contains("attestation-failure");
        assertThat(service.upgradeBuiltIns()).isEqualTo(ProfileService.Upgrade.CURRENT);

        // An operator's own change of the built-in is never overwritten.
        StoredProfile current = service.show(BuiltInProfiles.BASELINE);
        service.update(BuiltInProfiles.BASELINE, older, current.version(), "user:alice");
        assertThat(service.upgradeBuiltIns()).isEqualTo(ProfileService.Upgrade.KEPT_OPERATOR_CHANGES);
        assertThat(service.show(BuiltInProfiles.BASELINE).document()).doesNotContain("attestation-failure");
    }

    private static MonitorReason reason(Runnable r) {
        try {
            r.run();
        } catch (MonitorException e) {
            return e.reason();
        }
        throw new AssertionError("no MonitorException");
    }
}
