package dev.warden.audit.store;

import dev.warden.audit.AuditResult;
import dev.warden.audit.EventCanonicalForm;
import dev.warden.audit.StoredLink;
import dev.warden.storage.DatabaseLocation;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One audit row as the verifier reads it: the text columns as the raw UTF-8 bytes the database holds. A row shaped
 * as Warden writes it (a valid result, details a JSON object of strings in ascending key order) is hashed straight
 * from those bytes; any other row is decoded exactly as {@link AuditStore} decodes it for queries, so both paths
 * give the same canonical form and the same verdict.
 */
final class StoredRow implements StoredLink {
    private static final byte[][] NO_DETAILS = new byte[0][];
    private static final byte[][] RESULTS = Arrays.stream(AuditResult.values())
            .map(r -> r.name().getBytes(StandardCharsets.US_ASCII))
            .toArray(byte[][]::new);
    private static final int RESULT = 9;

    private final long seq;
    private final long timeNanos;
    private final byte[][] texts;
    private final byte[] details;
    private final String hash;
    private byte[][] detailPairs;
    private boolean detailsParsed;

    private StoredRow(long seq, long timeNanos, byte[][] texts, byte[] details, String hash) {
        this.seq = seq;
        this.timeNanos = timeNanos;
        this.texts = texts;
        this.details = details;
        this.hash = hash;
    }

    /** The text columns in {@link EventCanonicalForm#writeStored} order, then details and hash. */
    private static final List<String> TEXT_COLUMNS = List.of(
            "event_id",
            "region",
            "node",
            "principal_type",
            "principal_id",
            "principal_credential",
            "source_ip",
            "action",
            "resource",
            "result",
            "deciding_statement",
            "request_id",
            "details",
            "hash");

    private static final Set<String> NULLABLE =
            Set.of("principal_credential", "source_ip", "resource", "deciding_statement", "request_id");
    private static final boolean[] NULLABLE_AT = nullableAt();
    private static final byte SEPARATOR = 0x1F;
    private static final int DETAILS = TEXT_COLUMNS.size() - 2;
    private static final int HASH = TEXT_COLUMNS.size() - 1;

    /**
     * The select list {@link #read} expects. PostgreSQL: seq, time and each text column. SQLite: seq, time and one
     * value in which SQLite joins the text columns with the unit separator (0x1F), a nullable one prefixed with
     * {@code v}, or {@code n} when NULL. SQLite's driver makes a native call per column read, which cost more than
     * hashing, so it reads one.
     */
    static String selectList(DatabaseLocation.Kind kind) {
        if (kind == DatabaseLocation.Kind.POSTGRESQL) {
            return "seq, time_ns, " + String.join(", ", TEXT_COLUMNS);
        }
        return "seq, time_ns, concat_ws('" + (char) SEPARATOR + "', "
                + TEXT_COLUMNS.stream()
                        .map(c -> NULLABLE.contains(c) ? "coalesce('v' || " + c + ", 'n')" : c)
                        .collect(Collectors.joining(", "))
                + ")";
    }

    /**
     * Reads the current row of a result selected as {@link #selectList}, or returns {@code null} when the joined
     * SQLite value cannot be split unambiguously (a value holds the separator): the caller reads that row by column.
     */
    static StoredRow read(ResultSet rs, DatabaseLocation.Kind kind) throws SQLException {
        byte[][] fields;
        if (kind == DatabaseLocation.Kind.POSTGRESQL) {
            fields = new byte[TEXT_COLUMNS.size()][];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = rs.getBytes(i + 3);
            }
        } else {
            fields = split(rs.getBytes(3));
            if (fields == null) {
                return null;
            }
        }
        byte[] hash = fields[HASH];
        return new StoredRow(
                rs.getLong(1),
                rs.getLong(2),
                Arrays.copyOf(fields, EventCanonicalForm.STORED_TEXT_FIELDS),
                fields[DETAILS],
                hash == null ? null : new String(hash, StandardCharsets.ISO_8859_1));
    }

    private static boolean[] nullableAt() {
        boolean[] at = new boolean[TEXT_COLUMNS.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = NULLABLE.contains(TEXT_COLUMNS.get(i));
        }
        return at;
    }

    /** The fields of a joined row, or {@code null} unless it splits into exactly one value per column. */
    private static byte[][] split(byte[] joined) {
        if (joined == null) {
            return null;
        }
        byte[][] fields = new byte[TEXT_COLUMNS.size()][];
        int start = 0;
        for (int f = 0; f < fields.length; f++) {
            int end = start;
            while (end < joined.length && joined[end] != SEPARATOR) {
                end++;
            }
            if ((end == joined.length) != (f == fields.length - 1)) {
                return null;
            }
            if (NULLABLE_AT[f]) {
                if (end - start == 1 && joined[start] == 'n') {
                    fields[f] = null;
                } else if (end > start && joined[start] == 'v') {
                    fields[f] = Arrays.copyOfRange(joined, start + 1, end);
                } else {
                    return null;
                }
            } else {
                fields[f] = Arrays.copyOfRange(joined, start, end);
            }
            start = end + 1;
        }
        return fields;
    }

    @Override
    public long seq() {
        return seq;
    }

    @Override
    public String eventId() {
        return text(texts[0]);
    }

    @Override
    public String hash() {
        return hash;
    }

    @Override
    public void writeCanonical(EventCanonicalForm.Writer out) {
        byte[][] pairs = detailPairs();
        if (pairs != null && isResult(texts[RESULT])) {
            EventCanonicalForm.writeStored(out, timeNanos, texts, pairs);
        } else {
            EventCanonicalForm.write(decoded().event(), out);
        }
    }

    private dev.warden.audit.ChainedEvent decoded() {
        String[] strings = new String[texts.length];
        for (int i = 0; i < texts.length; i++) {
            strings[i] = text(texts[i]);
        }
        return AuditRows.decode(seq, timeNanos, strings, text(details), hash);
    }

    /** The details as key/value pairs, or {@code null} when they are not as Warden writes them. */
    private byte[][] detailPairs() {
        if (!detailsParsed) {
            detailPairs = parse(details);
            detailsParsed = true;
        }
        return detailPairs;
    }

    /**
     * The details as written by Warden's JSON writer: {@code {"k":"v",...}} without whitespace, escapes or non-ASCII
     * keys, keys strictly ascending (a sorted map's order, no duplicates). Anything else, valid JSON or not, returns
     * {@code null} and the row is decoded like a query result, so a parse shortcut never changes a verdict.
     */
    private static byte[][] parse(byte[] json) {
        if (json == null || json.length < 2 || json[0] != '{') {
            return null;
        }
        if (json[1] == '}') {
            return json.length == 2 ? NO_DETAILS : null;
        }
        List<byte[]> pairs = new ArrayList<>(4);
        byte[] previousKey = null;
        int at = 1;
        while (true) {
            int keyEnd = plainString(json, at);
            if (keyEnd < 0 || keyEnd >= json.length || json[keyEnd] != ':') {
                return null;
            }
            byte[] key = Arrays.copyOfRange(json, at + 1, keyEnd - 1);
            for (byte b : key) {
                if (b < 0) {
                    return null;
                }
            }
            if (previousKey != null && Arrays.compare(previousKey, key) >= 0) {
                return null;
            }
            int valueEnd = plainString(json, keyEnd + 1);
            if (valueEnd < 0 || valueEnd >= json.length) {
                return null;
            }
            pairs.add(key);
            pairs.add(Arrays.copyOfRange(json, keyEnd + 2, valueEnd - 1));
            previousKey = key;
            if (json[valueEnd] == '}') {
                return valueEnd == json.length - 1 ? pairs.toArray(NO_DETAILS) : null;
            }
            if (json[valueEnd] != ',') {
                return null;
            }
            at = valueEnd + 1;
        }
    }

    /** The index after a JSON string at {@code at} that has no escape or control character, or -1. */
    private static int plainString(byte[] json, int at) {
        if (at >= json.length || json[at] != '"') {
            return -1;
        }
        for (int i = at + 1; i < json.length; i++) {
            byte b = json[i];
            if (b == '"') {
                return i + 1;
            }
            if (b == '\\' || (b >= 0 && b < 0x20)) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isResult(byte[] value) {
        for (byte[] result : RESULTS) {
            if (Arrays.equals(result, value)) {
                return true;
            }
        }
        return false;
    }

    private static String text(byte[] utf8) {
        return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
    }
}
