package dev.warden.audit.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.EventCanonicalForm;
import dev.warden.storage.StorageException;
import dev.warden.storage.StorageReason;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.TreeMap;

/**
 * Rows of the audit tables to records and back: events by column position, digests by name, details as JSON, and
 * streaming iteration over a result set. A row edited outside Warden still decodes, into something the verifier
 * reports, never into an exception.
 */
final class AuditRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader DETAILS_READER = JSON.readerFor(new TypeReference<TreeMap<String, String>>() {});

    private AuditRows() {}

    /** Maps one row of a result set. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Streams rows, each read once, in order. */
    static final class RowIterator<T> implements Iterator<T> {
        private final ResultSet rs;
        private final RowMapper<T> mapper;
        private Boolean hasNext;

        RowIterator(ResultSet rs, RowMapper<T> mapper) {
            this.rs = rs;
            this.mapper = mapper;
        }

        @Override
        public boolean hasNext() {
            if (hasNext == null) {
                try {
                    hasNext = rs.next();
                } catch (SQLException e) {
                    throw new StorageException(
                            StorageReason.UNAVAILABLE, "reading the audit trail failed: " + AuditStore.describe(e));
                }
            }
            return hasNext;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            hasNext = null;
            try {
                return mapper.map(rs);
            } catch (SQLException e) {
                throw new StorageException(
                        StorageReason.UNAVAILABLE, "reading the audit trail failed: " + AuditStore.describe(e));
            }
        }
    }

    static String json(AuditEvent e) {
        try {
            return JSON.writeValueAsString(e.details());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Maps a row selected as {@link #EVENT_COLUMNS}, by position. */
    static ChainedEvent event(ResultSet rs) throws SQLException {
        String[] texts = new String[EventCanonicalForm.STORED_TEXT_FIELDS];
        texts[0] = rs.getString(2);
        for (int i = 1; i < texts.length; i++) {
            texts[i] = rs.getString(i + 3);
        }
        return decode(rs.getLong(1), rs.getLong(3), texts, rs.getString(15), rs.getString(16));
    }

    /**
     * An event from its stored text fields (in {@link EventCanonicalForm#writeStored} order). A row edited outside
     * Warden so that it no longer decodes keeps the raw text in its hashed fields, so the verifier reports it.
     */
    static ChainedEvent decode(long seq, long timeNanos, String[] texts, String rawDetails, String hash) {
        TreeMap<String, String> details;
        if ("{}".equals(rawDetails)) {
            details = new TreeMap<>();
        } else {
            try {
                details = DETAILS_READER.readValue(rawDetails);
            } catch (IOException | RuntimeException e) {
                details = new TreeMap<>();
                details.put("$unparseable", String.valueOf(rawDetails));
            }
        }
        AuditResult result = result(texts[9]);
        if (result == null) {
            result = AuditResult.ERROR;
            details.put("$result", String.valueOf(texts[9]));
        }
        AuditEvent event = new AuditEvent(
                texts[0],
                timeNanos,
                texts[1],
                texts[2],
                new AuditPrincipal(texts[3], texts[4], texts[5]),
                texts[6],
                texts[7],
                texts[8],
                result,
                texts[10],
                texts[11],
                details);
        return new ChainedEvent(seq, event, hash);
    }

    private static AuditResult result(String stored) {
        try {
            return AuditResult.valueOf(stored);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    static AuditDigest digest(ResultSet rs) throws SQLException {
        return new AuditDigest(
                rs.getString("region"),
                rs.getLong("digest_seq"),
                rs.getLong("from_seq"),
                rs.getLong("to_seq"),
                rs.getString("head_hash"),
                rs.getString("previous_digest_hash"),
                rs.getLong("created_at_ns"),
                rs.getString("key_id"),
                rs.getString("signature"),
                rs.getLong("epoch"),
                rs.getString("merkle_root"));
    }
}
