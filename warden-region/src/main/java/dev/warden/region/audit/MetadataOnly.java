package dev.warden.region.audit;

import dev.warden.audit.AuditEvent;
import dev.warden.audit.ChainedEvent;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What may cross a region's border in an audit event: its fixed metadata fields (who, what, which resource, result,
 * when, where from) and small details such as reason codes and counters. Producers already record nothing else; this
 * rule makes a future producer that records a payload, a secret or a value stop the shipping (the chain cannot skip
 * an event) instead of moving data out of its region. Both ends apply it. Violations name the field, never its text.
 */
public final class MetadataOnly {
    /** Longer than any ARN, topic or reason Warden writes; a field this long is data, not a label. */
    public static final int MAX_FIELD_CHARS = 2048;
    /** More details than any event has: a map this large is a record of values. */
    public static final int MAX_DETAILS = 32;
    /** Detail names that can only hold content, never metadata about it. */
    private static final Set<String> CONTENT_NAMES = Set.of(
            "payload",
            "body",
            "content",
            "data",
            "message",
            "plaintext",
            "ciphertext",
            "secret",
            "password",
            "passphrase",
            "token",
            "privatekey",
            "mfaseed");

    private MetadataOnly() {}

    /** Why {@code event} is more than metadata, or empty when it is metadata only. */
    public static Optional<String> violation(AuditEvent event) {
        String[][] fields = {
            {"eventId", event.eventId()},
            {"region", event.region()},
            {"node", event.node()},
            {"principal.type", event.principal().type()},
            {"principal.id", event.principal().id()},
            {"principal.credential", event.principal().credential()},
            {"sourceIp", event.sourceIp()},
            {"action", event.action()},
            {"resource", event.resource()},
            {"decidingStatement", event.decidingStatement()},
            {"requestId", event.requestId()}
        };
        for (String[] field : fields) {
            if (field[1] != null && field[1].length() > MAX_FIELD_CHARS) {
                return Optional.of(field[0] + " is longer than " + MAX_FIELD_CHARS + " characters");
            }
        }
        if (event.details().size() > MAX_DETAILS) {
            return Optional.of("it has more than " + MAX_DETAILS + " details");
        }
        for (Map.Entry<String, String> detail : event.details().entrySet()) {
            String name = detail.getKey();
            if (name.length() > 64 || CONTENT_NAMES.contains(name.toLowerCase(Locale.ROOT))) {
                return Optional.of("detail '" + shortName(name) + "' names content, not metadata");
            }
            if (detail.getValue().length() > MAX_FIELD_CHARS) {
                return Optional.of(
                        "detail '" + shortName(name) + "' is longer than " + MAX_FIELD_CHARS + " characters");
            }
        }
        return Optional.empty();
    }

    /** Refuses an event that is more than metadata. */
    public static void require(ChainedEvent chained) {
        violation(chained.event()).ifPresent(why -> {
            throw new RegionException(
                    RegionReason.AUDIT_NOT_METADATA,
                    "audit event " + chained.seq() + " of " + chained.event().region() + " is not shipped: " + why);
        });
    }

    private static String shortName(String name) {
        String printable = name.replaceAll("[^A-Za-z0-9_.-]", "?");
        return printable.length() <= 32 ? printable : printable.substring(0, 32) + "...";
    }
}
