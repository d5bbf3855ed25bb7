package dev.warden.incident.playbook;

import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The playbooks a node knows: the built-in ones shipped as {@code playbooks/*.yaml} resources, and any added (a
 * name a built-in has cannot be taken). Immutable; {@link #with} returns a new library.
 */
public final class PlaybookLibrary {
    /** The issue's five cases, in the order {@code warden playbook list} shows them. */
    public static final List<String> BUILT_IN =
            List.of("compromised-device", "stolen-credential", "leaked-secret", "rogue-ca", "permissive-policy");

    private final Map<String, Playbook> byName;

    private PlaybookLibrary(Map<String, Playbook> byName) {
        this.byName = java.util.Collections.unmodifiableMap(new TreeMap<>(byName));
    }

    public static PlaybookLibrary builtIn() {
        Map<String, Playbook> m = new TreeMap<>();
        for (String name : BUILT_IN) {
            Playbook p = PlaybookParser.parse(resource("playbooks/" + name + ".yaml"));
            if (!p.name().equals(name)) {
                throw new IllegalStateException("built-in playbook " + name + " names itself " + p.name());
            }
            m.put(name, p);
        }
        return new PlaybookLibrary(m);
    }

    /** This library and {@code playbook}; refused if its name is a built-in's. A custom one may replace another. */
    public PlaybookLibrary with(Playbook playbook) {
        if (BUILT_IN.contains(playbook.name())) {
            throw new IncidentException(
                    IncidentReason.INVALID_PLAYBOOK, "\"" + playbook.name() + "\" is a built-in playbook's name");
        }
        Map<String, Playbook> m = new TreeMap<>(byName);
        m.put(playbook.name(), playbook);
        return new PlaybookLibrary(m);
    }

    public Optional<Playbook> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Playbook require(String name) {
        return find(name)
                .orElseThrow(() ->
                        new IncidentException(IncidentReason.NO_SUCH_PLAYBOOK, "no playbook named \"" + name + "\""));
    }

    /** Built-ins first, in their order, then the others by name. */
    public List<Playbook> list() {
        List<Playbook> out = new ArrayList<>();
        BUILT_IN.stream().map(byName::get).filter(p -> p != null).forEach(out::add);
        byName.values().stream().filter(p -> !BUILT_IN.contains(p.name())).forEach(out::add);
        return out;
    }

    /** The playbooks that handle incidents of {@code kind}. */
    public List<Playbook> forKind(String kind) {
        return list().stream().filter(p -> p.kind().equals(kind)).toList();
    }

    private static String resource(String path) {
        try (InputStream in = PlaybookLibrary.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
