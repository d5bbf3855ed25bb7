package dev.warden.region.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.RowChange;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which rows of policies and thing groups replication reads, clears, writes and deletes (issue 24): global ones only,
 * on both sides. A region's regional policies and thing groups, and every attachment of a regional policy or to a
 * regional thing group, are never sent, cleared or deleted; a global row never replaces a regional one of its name.
 */
class IamTablesScopeTest {
    @TempDir
    Path dir;

    private Database db;

    /** The database to test on: SQLite under the test's directory here, PostgreSQL in a subclass. */
    String databaseUrl() {
        return "";
    }

    @BeforeEach
    void open() {
        db = Database.open(databaseUrl(), dir);
        execute("INSERT INTO policies (name, document, built_in, created_at, updated_at, scope) VALUES"
                + " ('fleet', '{}', 0, 1, 1, 'global'), ('local', '{}', 0, 1, 1, 'regional'),"
                + " ('builtin', '{}', 1, 1, 1, 'global')");
        execute("INSERT INTO policy_versions (policy_name, version, document, restores, created_at) VALUES"
                + " ('fleet', 1, '{}', NULL, 1), ('local', 1, '{}', NULL, 1)");
        execute("INSERT INTO thing_groups (name, created_at, scope) VALUES ('sensors', 1, 'global'),"
                + " ('lab', 1, 'regional')");
        execute("INSERT INTO principal_policies (principal_type, principal_id, policy_name) VALUES"
                + " ('thinggroup', 'sensors', 'fleet'), ('thinggroup', 'sensors', 'local'),"
                + " ('thinggroup', 'lab', 'fleet'), ('user', 'alice', 'fleet'), ('admin', 'bootstrap', 'fleet')");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aSnapshotHoldsGlobalRowsOnly() {
        Map<String, SortedMap<String, Map<String, Object>>> snapshot = db.jdbi().withHandle(IamTables::snapshot);

        assertThat(snapshot.get("policies").keySet()).containsExactly("fleet");
        assertThat(snapshot.get("policy_versions").keySet()).containsExactly("fleet\u001f1");
        assertThat(snapshot.get("thing_groups").keySet()).containsExactly("sensors");
        assertThat(snapshot.get("thing_groups").get("sensors")).containsEntry("scope", "global");
        // a global group's attachment of a global policy, and a user's; not the regional policy's, the regional
        // group's, nor the region's admin credential's
        assertThat(snapshot.get("principal_policies").keySet())
                .containsExactly("thinggroup\u001fsensors\u001ffleet", "user\u001falice\u001ffleet");
    }

    @Test
    void clearingBeforeAJoinKeepsTheRegionsOwnRows() {
        db.jdbi().useHandle(IamTables::clear);

        assertThat(names("SELECT name FROM policies ORDER BY name")).containsExactly("builtin", "local");
        assertThat(names("SELECT policy_name FROM policy_versions")).containsExactly("local");
        assertThat(names("SELECT name FROM thing_groups")).containsExactly("lab");
        assertThat(names("SELECT principal_type || ':' || principal_id || ':' || policy_name FROM principal_policies"
                        + " ORDER BY 1"))
                .containsExactly("admin:bootstrap:fleet", "thinggroup:lab:fleet", "thinggroup:sensors:local");
    }

    @Test
    void aReplicatedDeleteNeverRemovesARegionalRow() {
        // GIVEN deletes naming the regional policy, its version, the regional group's attachment (a control region
        // never sends these: a member must not obey them either)
        db.jdbi()
                .useHandle(h -> IamTables.apply(
                        h,
                        List.of(
                                new RowChange("policies", Map.of("name", "local"), null),
                                new RowChange("policy_versions", Map.of("policy_name", "local", "version", 1L), null),
                                new RowChange(
                                        "principal_policies",
                                        Map.of(
                                                "principal_type",
                                                "thinggroup",
                                                "principal_id",
                                                "lab",
                                                "policy_name",
                                                "fleet"),
                                        null),
                                // and a global policy's delete, its version's after it, as a change lists them
                                new RowChange("policies", Map.of("name", "fleet"), null),
                                new RowChange(
                                        "policy_versions", Map.of("policy_name", "fleet", "version", 1L), null))));

        // THEN only the global policy and its version went
        assertThat(names("SELECT name FROM policies ORDER BY name")).containsExactly("builtin", "local");
        assertThat(names("SELECT policy_name FROM policy_versions")).containsExactly("local");
        assertThat(names("SELECT principal_id FROM principal_policies WHERE principal_id = 'lab'"))
                .containsExactly("lab");
    }

    @Test
    void aGlobalPolicyNamedLikeARegionalOneIsRefusedAndNothingOfTheChangeIsWritten() {
        // GIVEN a change that adds a global group, then a global policy with the name of this region's regional one
        List<RowChange> changes = List.of(
                new RowChange(
                        "thing_groups",
                        Map.of("name", "meters"),
                        Map.of("name", "meters", "created_at", 2L, "scope", "global")),
                new RowChange(
                        "policies",
                        Map.of("name", "local"),
                        Map.of(
                                "name",
                                "local",
                                "document",
                                "{\"x\":1}",
                                "built_in",
                                0L,
                                "created_at",
                                2L,
                                "updated_at",
                                2L,
                                "scope",
                                "global")));

        // WHEN a member applies it THEN it is refused with a reason code, and nothing of it is written
        assertThatThrownBy(() -> db.jdbi().useTransaction(h -> IamTables.apply(h, changes)))
                .isInstanceOfSatisfying(
                        RegionException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegionReason.REGIONAL_NAME_CONFLICT))
                .hasMessageContaining("'local'");
        assertThat(names("SELECT document FROM policies WHERE name = 'local'")).containsExactly("{}");
        assertThat(names("SELECT scope FROM policies WHERE name = 'local'")).containsExactly("regional");
        assertThat(names("SELECT name FROM thing_groups WHERE name = 'meters'")).isEmpty();
    }

    @Test
    void aGlobalThingGroupNamedLikeARegionalOneIsRefused() {
        List<RowChange> changes = List.of(new RowChange(
                "thing_groups", Map.of("name", "lab"), Map.of("name", "lab", "created_at", 2L, "scope", "global")));

        assertThatThrownBy(() -> db.jdbi().useTransaction(h -> IamTables.apply(h, changes)))
                .isInstanceOfSatisfying(
                        RegionException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegionReason.REGIONAL_NAME_CONFLICT));
        assertThat(names("SELECT scope FROM thing_groups WHERE name = 'lab'")).containsExactly("regional");
    }

    private void execute(String sql) {
        db.jdbi().useHandle(h -> h.execute(sql));
    }

    private List<String> names(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }
}
