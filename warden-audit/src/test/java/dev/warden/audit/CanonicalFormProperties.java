package dev.warden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NotEmpty;

/** Every single-field change must change the link hash: nothing in an event escapes the chain. */
class CanonicalFormProperties {

    @Property(tries = 300)
    void anyChangedFieldChangesTheHash(@ForAll @IntRange(min = 0, max = 12) int field, @ForAll String value) {
        AuditEvent e = TestChains.event(7);
        AuditEvent changed = change(e, field, value);
        HashChain chain = new HashChain();
        if (!changed.equals(e)) {
            assertThat(chain.link(HashChain.GENESIS, changed)).isNotEqualTo(chain.link(HashChain.GENESIS, e));
        }
    }

    @Property(tries = 200)
    void movingTextBetweenNeighbouringFieldsChangesTheHash(@ForAll String a, @ForAll @NotEmpty String b) {
        AuditEvent base = TestChains.event(3);
        AuditEvent one = withActionAndResource(base, a + b, "");
        AuditEvent two = withActionAndResource(base, a, b);
        HashChain chain = new HashChain();
        assertThat(chain.link(HashChain.GENESIS, one)).isNotEqualTo(chain.link(HashChain.GENESIS, two));
    }

    private static AuditEvent withActionAndResource(AuditEvent e, String action, String resource) {
        return new AuditEvent(
                e.eventId(),
                e.timeNanos(),
                e.region(),
                e.node(),
                e.principal(),
                e.sourceIp(),
                action,
                resource,
                e.result(),
                e.decidingStatement(),
                e.requestId(),
                e.details());
    }

    private static AuditEvent change(AuditEvent e, int field, String v) {
        TreeMap<String, String> details = new TreeMap<>(e.details());
        AuditPrincipal p = e.principal();
        return switch (field) {
            case 0 ->
                new AuditEvent(
                        v,
                        e.timeNanos(),
                        e.region(),
                        e.node(),
                        p,
                        e.sourceIp(),
                        e.action(),
                        e.resource(),
                        e.result(),
                        e.decidingStatement(),
                        e.requestId(),
                        details);
            case 1 ->
                new AuditEvent(
                        e.eventId(),
                        e.timeNanos() + v.length() + 1,
                        e.region(),
                        e.node(),
                        p,
                        e.sourceIp(),
                        e.action(),
                        e.resource(),
                        e.result(),
                        e.decidingStatement(),
                        e.requestId(),
                        details);
            case 2 ->
                new AuditEvent(
                        e.eventId(),
                        e.timeNanos(),
                        v,
                        e.node(),
                        p,
                        e.sourceIp(),
                        e.action(),
                        e.resource(),
                        e.result(),
                        e.decidingStatement(),
                        e.requestId(),
                        details);
            case 3 ->
                new AuditEvent(
                        e.eventId(),
                        e.timeNanos(),
                        e.region(),
                        v,
                        p,
                        e.sourceIp(),
                        e.action(),
                        e.resource(),
                        e.result(),
                        e.decidingStatement(),
                        e.requestId(),
                        details);
            case 4 ->
                new AuditEvent(
                        e.eventId(),
                        e.timeNanos(),
                        e.region(),
                        e.node(),
                        new AuditPrincipal(v, p.id(), p.credential()),
                        e.sourceIp(),
                        e.action(),
                        e.resource(),
                        e.result(),
                        e.decidingStatement(),
                        e.requestId(),
                        details);
            case 5 ->
                new AuditEvent(
                        e.eventId(),
                        e.timeNanos(),
                        e.region(),
                        e.node(),
                        new AuditPrincipal(p.type(), v, p.credential()),
                        e.sourceIp(),
                        e.action(),
                        e.resource(),
                        e.result(),
                        e.decidingStatement(),
                        e.requestId(),
                        details);
            case 6 ->
                new AuditEvent(
                        e.eventId(),
                        e.timeNanos(),
                        e.region(),
                        e.node(),
                        new AuditPrincipal(p.type(), p.id(), v),
                        e.sourceIp(),
                        e.action(),
                        e.resource(),
                        e.result(),
                        e.decidingStatement(),
                        e.requestId(),
                        details);
            case 7 ->
                new AuditEvent(
                        e.eventId(),
                        e.timeNanos(),
                        e.region(),
                        e.node(),
                        p,
                        v,
                        e.action(),
                        e.resource(),
                        e.result(),
                        e.decidingStatement(),
                        e.requestId(),
                        details);
            case 8 ->
                new AuditEvent(
                        e.eventId(),
                        e.timeNanos(),
                        e.region(),
                        e.node(),
                        p,
                        e.sourceIp(),
                        v,
                        e.resource(),
                        e.result(),
                        e.decidingStatement(),
                        e.requestId(),
                        details);
            case 9 ->
                new AuditEvent(
                        e.eventId(),
                        e.timeNanos(),
                        e.region(),
                        e.node(),
                        p,
                        e.sourceIp(),
                        e.action(),
                        v,
                        e.result(),
                        e.decidingStatement(),
                        e.requestId(),
                        details);
            case 10 ->
                new AuditEvent(
                        e.eventId(),
                        e.timeNanos(),
                        e.region(),
                        e.node(),
                        p,
                        e.sourceIp(),
                        e.action(),
                        e.resource(),
                        e.result(),
                        v,
                        e.requestId(),
                        details);
            case 11 ->
                new AuditEvent(
                        e.eventId(),
                        e.timeNanos(),
                        e.region(),
                        e.node(),
                        p,
                        e.sourceIp(),
                        e.action(),
                        e.resource(),
                        e.result(),
                        e.decidingStatement(),
                        v,
                        details);
            default -> {
                details.put("k" + v, v);
                yield new AuditEvent(
                        e.eventId(),
                        e.timeNanos(),
                        e.region(),
                        e.node(),
                        p,
                        e.sourceIp(),
                        e.action(),
                        e.resource(),
                        e.result(),
                        e.decidingStatement(),
                        e.requestId(),
                        details);
            }
        };
    }
}
