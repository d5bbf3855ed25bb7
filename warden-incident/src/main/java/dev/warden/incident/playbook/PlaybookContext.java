package dev.warden.incident.playbook;

import dev.warden.incident.core.Member;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The targets a run starts with, per selector: the incident's things, certificates, addresses, principals, and the
 * secrets, CAs and policies it concerns. Derived selectors ({@link Selector#CA_THING}, {@link Selector#THING_ADDRESS})
 * are looked up when their step runs and cannot be given here.
 */
public record PlaybookContext(Map<Selector, List<String>> targets) {
    public static final int MAX_TARGETS = 1000;

    public PlaybookContext {
        Map<Selector, List<String>> copy = new EnumMap<>(Selector.class);
        int total = 0;
        for (Map.Entry<Selector, List<String>> e : targets.entrySet()) {
            if (e.getKey().derived()) {
                throw new IllegalArgumentException(e.getKey().id() + " targets are looked up when the step runs");
            }
            List<String> values = List.copyOf(new LinkedHashSet<>(e.getValue()));
            for (String v : values) {
                new Target(e.getKey(), v);
            }
            total += values.size();
            if (!values.isEmpty()) {
                copy.put(e.getKey(), values);
            }
        }
        if (total > MAX_TARGETS) {
            throw new IllegalArgumentException("at most " + MAX_TARGETS + " targets in one run");
        }
        targets = java.util.Collections.unmodifiableMap(copy);
    }

    public static PlaybookContext empty() {
        return new PlaybookContext(Map.of());
    }

    /**
     * The targets an incident's members name: things, certificates, addresses, principals (a principal without a
     * type is a user), secrets, CAs and policies. Regions, alarms, findings and participants are no targets.
     */
    public static PlaybookContext ofMembers(List<Member> members) {
        PlaybookContext c = empty();
        for (Member m : members) {
            switch (m.kind()) {
                case THING:
                    c = c.with(Selector.THING, m.value());
                    break;
                case CERTIFICATE:
                    c = c.with(Selector.CERTIFICATE, m.value());
                    break;
                case ADDRESS:
                    c = c.with(Selector.ADDRESS, m.value());
                    break;
                case PRINCIPAL:
                    c = c.with(Selector.PRINCIPAL, m.value().indexOf('/') < 0 ? "user/" + m.value() : m.value());
                    break;
                case SECRET:
                    c = c.with(Selector.SECRET, m.value());
                    break;
                case CA:
                    c = c.with(Selector.CA, m.value());
                    break;
                case POLICY:
                    c = c.with(Selector.POLICY, m.value());
                    break;
                default:
                    break;
            }
        }
        return c;
    }

    /** This context and {@code values} of {@code selector}. */
    public PlaybookContext with(Selector selector, String... values) {
        Map<Selector, List<String>> copy = new EnumMap<>(Selector.class);
        copy.putAll(targets);
        List<String> list = new ArrayList<>(copy.getOrDefault(selector, List.of()));
        list.addAll(List.of(values));
        copy.put(selector, list);
        return new PlaybookContext(copy);
    }

    public List<String> values(Selector selector) {
        return targets.getOrDefault(selector, List.of());
    }
}
