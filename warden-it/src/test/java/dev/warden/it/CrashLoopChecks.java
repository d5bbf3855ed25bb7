package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.it.CrashLoopClients.Change;
import dev.warden.it.CrashLoopClients.Kind;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the registry and the trail of a stopped (killed) node hold, read straight from its database: the changes the
 * clients made, and the changes the trail names by an intent or an outcome event.
 */
final class CrashLoopChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The registry's view: every change committed, per kind (a thing counts only with its certificate). */
    final Set<Change> committed = new HashSet<>();
    /** Things committed without a certificate, or certificates without their thing (a torn enrollment). */
    final Set<String> tornThings = new TreeSet<>();
    /** Changes named by an intent event, and by an outcome event that reports success. */
    final Set<Change> intents = new HashSet<>();

    final Set<Change> outcomes = new HashSet<>();

    static CrashLoopChecks read(String db, Path data) {
        CrashLoopChecks c = new CrashLoopChecks();
        try (Database database = Database.open(db, data)) {
            database.read(h -> {
                String like = CrashLoopClients.PREFIX + "%";
                Set<String> things = new HashSet<>(h.createQuery("SELECT name FROM things WHERE name LIKE :p")
                        .bind("p", like)
                        .mapTo(String.class)
                        .list());
                Set<String> certified =
                        new HashSet<>(h.createQuery("SELECT thing_name FROM certificates WHERE thing_name LIKE :p")
                                .bind("p", like)
                                .mapTo(String.class)
                                .list());
                for (String t : things) {
                    c.committed.add(new Change(Kind.THING, t));
                }
                Set<String> torn = new HashSet<>(things);
                torn.addAll(certified);
                torn.removeIf(t -> things.contains(t) && certified.contains(t));
                c.tornThings.addAll(torn);
                certified.forEach(t -> c.committed.add(new Change(Kind.THING, t)));
                h.createQuery("SELECT name FROM policies WHERE name LIKE :p")
                        .bind("p", like)
                        .mapTo(String.class)
                        .forEach(n -> c.committed.add(new Change(Kind.POLICY, n)));
                h.createQuery("SELECT name FROM kms_secrets WHERE name LIKE :p")
                        .bind("p", like)
                        .mapTo(String.class)
                        .forEach(n -> c.committed.add(new Change(Kind.SECRET, n)));
                h.createQuery("SELECT action, resource, details FROM audit_events WHERE action IN (<actions>)")
                        .bindList("actions", List.of(Kind.THING.action, Kind.POLICY.action, Kind.SECRET.action))
                        .mapToMap()
                        .forEach(row -> c.addEvent(row));
                return null;
            });
        }
        return c;
    }

    private void addEvent(Map<String, Object> row) {
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (k.action.equals(row.get("action"))) {
                kind = k;
            }
        }
        String resource = String.valueOf(row.get("resource"));
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        if (kind == null || !name.startsWith(CrashLoopClients.PREFIX)) {
            return;
        }
        JsonNode details;
        try {
            details = JSON.readTree(String.valueOf(row.get("details")));
        } catch (Exception e) {
            throw new IllegalStateException("unreadable event details", e);
        }
        Change change = new Change(kind, name);
        if ("intent".equals(details.path("stage").asText())) {
            intents.add(change);
        } else if (details.path("status").asInt() / 100 == 2) {
            outcomes.add(change);
        }
    }

    /** (a) and (b) of the crash loop: returns the number of changes checked. */
    int assertConsistent(Set<Change> acknowledged, String when) {
        assertThat(tornThings)
                .as(when + ": things without their certificate or the reverse")
                .isEmpty();
        Set<Change> recorded = new HashSet<>(intents);
        recorded.addAll(outcomes);
        Set<Change> lost = new TreeSetOf(acknowledged).minus(committed);
        assertThat(lost)
                .as(when + ": acknowledged changes missing from the registry")
                .isEmpty();
        Set<Change> unrecordedAcks = new TreeSetOf(acknowledged).minus(recorded);
        assertThat(unrecordedAcks)
                .as(when + ": acknowledged changes without an event in the trail")
                .isEmpty();
        Set<Change> unrecorded = new TreeSetOf(committed).minus(intents);
        assertThat(unrecorded)
                .as(when + ": committed changes without their intent event")
                .isEmpty();
        return committed.size();
    }

    /** A small helper for readable set differences in failure messages. */
    private record TreeSetOf(Set<Change> items) {
        Set<Change> minus(Set<Change> other) {
            Set<Change> result = new TreeSet<>((a, b) -> (a.kind() + a.name()).compareTo(b.kind() + b.name()));
            result.addAll(items);
            result.removeAll(other);
            return result;
        }
    }
}
