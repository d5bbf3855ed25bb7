package dev.warden.region.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The diff a control region sends turns the member's state into the control region's, whatever both were. */
class RowDiffProperties {
    private static final List<ReplicatedTable> TABLES = List.of(
            new ReplicatedTable("users", List.of("name"), Set.of()),
            new ReplicatedTable("group_members", List.of("group_name", "user_name"), Set.of()));

    @Property
    void applyingTheDiffGivesTheTarget(
            @ForAll("states") Map<String, SortedMap<String, Map<String, Object>>> before,
            @ForAll("states") Map<String, SortedMap<String, Map<String, Object>>> after) {
        List<RowChange> changes = RowDiff.between(TABLES, before, after);
        assertThat(normalized(RowDiff.apply(TABLES, before, changes))).isEqualTo(normalized(after));
    }

    @Property
    void aStateDiffedWithItselfSendsNothing(@ForAll("states") Map<String, SortedMap<String, Map<String, Object>>> s) {
        assertThat(RowDiff.between(TABLES, s, s)).isEmpty();
    }

    @Provide
    Arbitrary<Map<String, SortedMap<String, Map<String, Object>>>> states() {
        Arbitrary<Map<String, Object>> user = Combinators.combine(
                        Arbitraries.of("alice", "bob", "carol", "dave"),
                        Arbitraries.strings().alpha().ofMaxLength(6),
                        Arbitraries.longs().between(0, 3))
                .as((name, hash, disabled) -> Map.of("name", name, "password_hash", hash, "disabled", disabled));
        Arbitrary<Map<String, Object>> member = Combinators.combine(
                        Arbitraries.of("ops", "devs"), Arbitraries.of("alice", "bob", "carol"))
                .as((group, name) -> Map.of("group_name", group, "user_name", name));
        return Combinators.combine(user.list().ofMaxSize(5), member.list().ofMaxSize(5))
                .as((users, members) -> {
                    Map<String, SortedMap<String, Map<String, Object>>> state = new TreeMap<>();
                    state.put("users", rows(TABLES.get(0), users));
                    state.put("group_members", rows(TABLES.get(1), members));
                    return state;
                });
    }

    private static SortedMap<String, Map<String, Object>> rows(ReplicatedTable table, List<Map<String, Object>> list) {
        SortedMap<String, Map<String, Object>> rows = RowDiff.rows();
        list.forEach(row -> rows.put(RowDiff.keyOf(table, row), new TreeMap<>(row)));
        return rows;
    }

    /** Tables without rows are the same as absent ones. */
    private static Map<String, SortedMap<String, Map<String, Object>>> normalized(
            Map<String, SortedMap<String, Map<String, Object>>> state) {
        Map<String, SortedMap<String, Map<String, Object>>> result = new TreeMap<>();
        state.forEach((table, rows) -> {
            if (!rows.isEmpty()) {
                SortedMap<String, Map<String, Object>> copy = new TreeMap<>();
                rows.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
                result.put(table, copy);
            }
        });
        return result;
    }
}
