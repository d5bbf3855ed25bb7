package dev.warden.audit.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.ChainVerifier;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.VerificationReport;
import dev.warden.audit.store.AuditStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * A region's trail as JSON lines: first every digest, then every event in chain order, each with its stored hash.
 * The file carries everything verification needs except the public key, so an archive verifies on its own.
 */
public final class JsonLinesExport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLinesExport() {}

    /** Writes the region's digests and events; returns how many events were written. */
    public static long write(AuditStore store, String region, Writer out) {
        return write(store, region, Long.MAX_VALUE, out);
    }

    /**
     * Writes the digests and events up to {@code upToSeq} (a digest boundary, for an archive segment); returns how
     * many events were written. Digests beyond the segment are left out, so the segment verifies as complete.
     */
    public static long write(AuditStore store, String region, long upToSeq, Writer out) {
        try {
            for (AuditDigest d : store.digests(region)) {
                if (d.toSeq() > upToSeq) {
                    continue;
                }
                ObjectNode line = JSON.createObjectNode()
                        .put("type", "digest")
                        .put("region", d.region())
                        .put("digestSeq", d.digestSeq())
                        .put("fromSeq", d.fromSeq())
                        .put("toSeq", d.toSeq())
                        .put("headHash", d.headHash())
                        .put("previousDigestHash", d.previousDigestHash())
                        .put("createdAtNanos", d.createdAtNanos())
                        .put("keyId", d.keyId())
                        .put("signature", d.signature())
                        .put("epoch", d.epoch())
                        .put("merkleRoot", d.merkleRoot());
                out.write(JSON.writeValueAsString(line));
                out.write('\n');
            }
            long[] count = {0};
            store.forEach(region, 1, upToSeq, events -> {
                while (events.hasNext()) {
                    writeEvent(events.next(), out);
                    count[0]++;
                }
            });
            out.flush();
            return count[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one event as its export line (the JSON form of {@link #eventJson}). */
    public static void writeEvent(ChainedEvent c, Writer out) {
        try {
            out.write(JSON.writeValueAsString(eventJson(c)));
            out.write('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The JSON form of an event at its place in the chain (type, seq, every field, details, stored hash): what an
     * export line holds and what an event proof carries. {@link #parseEvent(JsonNode)} reads it back exactly.
     */
    public static ObjectNode eventJson(ChainedEvent c) {
        AuditEvent e = c.event();
        ObjectNode line = JSON.createObjectNode()
                .put("type", "event")
                .put("seq", c.seq())
                .put("eventId", e.eventId())
                .put("timeNanos", e.timeNanos())
                .put("region", e.region())
                .put("node", e.node())
                .put("principalType", e.principal().type())
                .put("principalId", e.principal().id())
                .put("principalCredential", e.principal().credential())
                .put("sourceIp", e.sourceIp())
                .put("action", e.action())
                .put("resource", e.resource())
                .put("result", e.result().name())
                .put("decidingStatement", e.decidingStatement())
                .put("requestId", e.requestId())
                .put("hash", c.hash());
        ObjectNode details = line.putObject("details");
        e.details().forEach(details::put);
        return line;
    }

    /**
     * Verifies an export with only the public key: digests are read first, then the events stream through the
     * verifier. A line that does not parse is reported as a modified event, never skipped.
     */
    public static VerificationReport verify(BufferedReader in, String region, PublicKey publicKey) throws IOException {
        return verify(in, region, List.of(publicKey));
    }

    /** The same check trusting any of {@code publicKeys} (a region's keys across rotations). */
    public static VerificationReport verify(BufferedReader in, String region, List<PublicKey> publicKeys)
            throws IOException {
        List<AuditDigest> digests = new ArrayList<>();
        String line = in.readLine();
        while (line != null && line.contains("\"type\":\"digest\"")) {
            JsonNode d = JSON.readTree(line);
            digests.add(new AuditDigest(
                    d.path("region").asText(),
                    d.path("digestSeq").asLong(),
                    d.path("fromSeq").asLong(),
                    d.path("toSeq").asLong(),
                    d.path("headHash").asText(),
                    d.path("previousDigestHash").asText(),
                    d.path("createdAtNanos").asLong(),
                    d.path("keyId").asText(),
                    d.path("signature").asText(null),
                    d.path("epoch").asLong(0),
                    d.hasNonNull("merkleRoot") ? d.get("merkleRoot").asText() : null));
            line = in.readLine();
        }
        String firstEventLine = line;
        // A later archive segment starts after an earlier one: it chains to the head its last signed digest names.
        long firstSeq = 1;
        String anchor = dev.warden.audit.HashChain.GENESIS;
        if (firstEventLine != null) {
            long seq = JSON.readTree(firstEventLine).path("seq").asLong(1);
            for (AuditDigest d : digests) {
                if (d.toSeq() == seq - 1) {
                    firstSeq = seq;
                    anchor = d.headHash();
                }
            }
        }
        Iterator<ChainedEvent> events = new Iterator<>() {
            String next = firstEventLine;
            long lineNumber;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public ChainedEvent next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                String current = next;
                try {
                    next = in.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                lineNumber++;
                return parseEvent(current, lineNumber);
            }
        };
        return new ChainVerifier(publicKeys, region, null).verify(events, digests, firstSeq, anchor);
    }

    /**
     * An export line read back as an event; a line that is not one becomes a placeholder (seq {@code -lineNumber})
     * that fails verification where it stands.
     */
    public static ChainedEvent parseEvent(String line, long lineNumber) {
        try {
            return parseEvent(JSON.readTree(line));
        } catch (JsonProcessingException | RuntimeException e) {
            // An unreadable line still takes its place in the chain, so it is reported, not skipped.
            TreeMap<String, String> details = new TreeMap<>();
            details.put("$unparseable", line);
            return new ChainedEvent(
                    -lineNumber,
                    new AuditEvent(
                            "line-" + lineNumber,
                            0,
                            "?",
                            "?",
                            AuditPrincipal.ANONYMOUS,
                            null,
                            "?",
                            null,
                            AuditResult.ERROR,
                            null,
                            null,
                            details),
                    "");
        }
    }

    /**
     * The event of an {@link #eventJson} object. A result that is not one of the known values is kept in the details
     * (so the event no longer matches its hash); a missing required field throws {@link IllegalArgumentException}.
     */
    public static ChainedEvent parseEvent(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("an event must be a JSON object");
        }
        TreeMap<String, String> details = new TreeMap<>();
        n.path("details")
                .fields()
                .forEachRemaining(f -> details.put(f.getKey(), f.getValue().asText()));
        AuditResult result;
        try {
            result = AuditResult.valueOf(n.path("result").asText());
        } catch (IllegalArgumentException e) {
            result = AuditResult.ERROR;
            details.put("$result", n.path("result").asText());
        }
        AuditEvent event = new AuditEvent(
                n.path("eventId").asText(),
                n.path("timeNanos").asLong(),
                n.path("region").asText(),
                n.path("node").asText(),
                new AuditPrincipal(
                        n.path("principalType").asText(),
                        n.path("principalId").asText(),
                        text(n, "principalCredential")),
                text(n, "sourceIp"),
                n.path("action").asText(),
                text(n, "resource"),
                result,
                text(n, "decidingStatement"),
                text(n, "requestId"),
                details);
        return new ChainedEvent(n.path("seq").asLong(), event, n.path("hash").asText());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
