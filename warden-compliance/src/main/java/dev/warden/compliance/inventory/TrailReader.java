package dev.warden.compliance.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.audit.VerificationReport;
import dev.warden.audit.store.AuditStore;
import dev.warden.audit.store.StoredTrailVerifier;
import dev.warden.compliance.ComplianceSettings;
import dev.warden.compliance.store.TrailDao;
import dev.warden.storage.Database;
import java.math.BigInteger;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the checks read from the audit trail, incrementally. Each scan reads only the events recorded since the
 * previous one, and only those that show a credential in use or a session taken over, and keeps what it learned in
 * compliance's own tables: a run costs what happened since the last run, not the whole trail. The chain is verified
 * the same way, from where the previous verification ended (less a margin: admin events may be committed before
 * data-plane events recorded earlier).
 */
final class TrailReader {
    static final String SCANNED = "trail-scanned-seq";
    static final String VERIFIED = "trail-verified-ns";
    private static final int PAGE = 50_000;
    private static final Duration VERIFY_OVERLAP = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final AuditStore store;
    private final String region;
    private final ComplianceSettings settings;
    private final Supplier<List<PublicKey>> auditKeys;

    TrailReader(Database database, String region, ComplianceSettings settings, Supplier<List<PublicKey>> auditKeys) {
        this.database = database;
        this.store = new AuditStore(database);
        this.region = region;
        this.settings = settings;
        this.auditKeys = auditKeys;
    }

    Map<String, CredentialUse> usage(Instant now) {
        scan(now);
        Map<String, CredentialUse> out = new HashMap<>();
        database.read(h -> new TrailDao(h).usage())
                .forEach((key, use) -> out.put(key, new CredentialUse(use[0], use[1])));
        return out;
    }

    List<SessionTakeOver> takeOvers(Instant now) {
        scan(now);
        return database.read(h -> new TrailDao(h).takeoversSince(now.minus(settings.takeOverWindow()))).stream()
                .map(r -> new SessionTakeOver(
                        r.at(),
                        r.clientId(),
                        Optional.ofNullable(r.serial()),
                        Optional.ofNullable(r.sourceIp()),
                        Optional.ofNullable(r.previousSerial()),
                        Optional.ofNullable(r.previousSourceIp())))
                .toList();
    }

    /** Reads the events recorded since the last scan, a page at a time, and keeps what they say. */
    synchronized void scan(Instant now) {
        long head = store.head(region).lastSeq();
        long from = database.read(h -> new TrailDao(h).state(SCANNED)).orElseGet(() -> firstScanStart(now));
        while (from < head) {
            long to = Math.min(head, from + PAGE);
            Page page = read(from, to);
            long cursor = to;
            database.useTransaction(h -> {
                TrailDao dao = new TrailDao(h);
                dao.recordUse(page.usage());
                dao.insertTakeovers(page.takeovers());
                dao.setState(SCANNED, cursor);
            });
            from = to;
        }
        database.useTransaction(h -> new TrailDao(h).deleteTakeoversBefore(now.minus(settings.takeOverWindow())));
    }

    /** A first scan reads only as far back as any check looks. */
    private long firstScanStart(Instant now) {
        Duration back = settings.unusedAfter().compareTo(settings.takeOverWindow()) > 0
                ? settings.unusedAfter()
                : settings.takeOverWindow();
        long nanos = TimeUnit.MILLISECONDS.toNanos(now.minus(back).toEpochMilli());
        Long first = store.firstSeqAtOrAfter(region, nanos).orElse(null);
        return first == null ? store.head(region).lastSeq() : first - 1;
    }

    private record Page(Map<String, Instant[]> usage, List<TrailDao.TakeoverRow> takeovers) {}

    private Page read(long after, long upTo) {
        Map<String, Instant[]> usage = new HashMap<>();
        List<TrailDao.TakeoverRow> takeovers = new ArrayList<>();
        database.read(h -> {
            h.createQuery("SELECT seq, time_ns, principal_type, principal_id, principal_credential, action, details,"
                            + " source_ip"
                            + " FROM audit_events WHERE region = :region AND seq > :after AND seq <= :upTo"
                            + " AND result = 'ALLOW' AND (action IN ('iot:Connect', 'iot:SessionTakenOver')"
                            + " OR principal_type IN ('admin', 'service', 'user')) ORDER BY seq")
                    .bind("region", region)
                    .bind("after", after)
                    .bind("upTo", upTo)
                    .setFetchSize(10_000)
                    .map((rs, ctx) -> new Row(
                            rs.getLong(1),
                            Instant.ofEpochMilli(TimeUnit.NANOSECONDS.toMillis(rs.getLong(2))),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8)))
                    .forEach(row -> take(row, usage, takeovers));
            return null;
        });
        return new Page(usage, takeovers);
    }

    private record Row(
            long seq,
            Instant at,
            String principalType,
            String principalId,
            String credential,
            String action,
            String details,
            String sourceIp) {}

    private static void take(Row row, Map<String, Instant[]> usage, List<TrailDao.TakeoverRow> takeovers) {
        switch (row.action()) {
            case "iot:Connect" ->
                serial(details(row).path("serial").asText(null)).ifPresent(s -> used(usage, "cert/" + s, row.at()));
            case "iot:SessionTakenOver" -> takeovers.add(takeover(row));
            default -> principalUse(row, usage);
        }
    }

    /** An admin call by an authenticated principal: its credential was used. */
    private static void principalUse(Row row, Map<String, Instant[]> usage) {
        String credential = row.credential() == null ? "" : row.credential();
        switch (row.principalType()) {
            case "admin" -> used(usage, "admin/" + row.principalId(), row.at());
            case "user" -> used(usage, "user/" + row.principalId(), row.at());
            case "service" -> {
                if (credential.startsWith("key:")) {
                    used(usage, "apikey/" + credential.substring(4), row.at());
                } else if (credential.startsWith("cert:")) {
                    serial(credential.substring(5)).ifPresent(s -> used(usage, "cert/" + s, row.at()));
                }
            }
            default -> {
                // another principal type: no credential Warden issues
            }
        }
    }

    private static TrailDao.TakeoverRow takeover(Row row) {
        JsonNode d = details(row);
        return new TrailDao.TakeoverRow(
                row.seq(),
                row.at(),
                d.path("clientId").asText(""),
                d.path("thing").asText(null),
                serial(d.path("serial").asText(null)).orElse(null),
                row.sourceIp(),
                d.path("previousThing").asText(null),
                serial(d.path("previousSerial").asText(null)).orElse(null),
                d.path("previousSourceIp").asText(null));
    }

    /** Widens a credential's first and last use to include {@code at}. */
    private static void used(Map<String, Instant[]> usage, String key, Instant at) {
        Instant[] span = usage.computeIfAbsent(key, k -> new Instant[] {at, at});
        span[0] = at.isBefore(span[0]) ? at : span[0];
        span[1] = at.isAfter(span[1]) ? at : span[1];
    }

    private static JsonNode details(Row row) {
        try {
            return row.details() == null ? JSON.createObjectNode() : JSON.readTree(row.details());
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** A serial as the registry stores it: lowercase hex without leading zeros. */
    static Optional<String> serial(String hex) {
        if (hex == null || hex.isEmpty() || hex.length() > 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigInteger(hex.replace(":", ""), 16).toString(16));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The last checkpoint's time, and the chain verified from where the last verification ended. */
    AuditView audit() {
        Optional<Instant> lastCheckpoint = store.head(region)
                .lastDigest()
                .map(d -> Instant.ofEpochMilli(TimeUnit.NANOSECONDS.toMillis(d.createdAtNanos())));
        Long from = database.read(h -> new TrailDao(h).state(VERIFIED)).orElse(null);
        VerificationReport report = new StoredTrailVerifier(store, auditKeys.get(), null).verify(region, from, null);
        List<String> problems = report.problems().stream().map(Object::toString).toList();
        if (problems.isEmpty() && report.lastSeq() > 0) {
            // Only an intact stretch moves the cursor: a broken one is verified (and reported) again next time.
            store.timeAt(region, report.lastSeq())
                    .ifPresent(nanos -> database.useTransaction(
                            h -> new TrailDao(h).setState(VERIFIED, nanos - VERIFY_OVERLAP.toNanos())));
        }
        Optional<Instant> started = lastCheckpoint.isPresent()
                ? Optional.empty()
                : store.firstSeq(region)
                        .flatMap(seq -> store.timeAt(region, seq))
                        .map(nanos -> Instant.ofEpochMilli(TimeUnit.NANOSECONDS.toMillis(nanos)));
        return new AuditView(lastCheckpoint, started, problems, report.eventsChecked());
    }
}
