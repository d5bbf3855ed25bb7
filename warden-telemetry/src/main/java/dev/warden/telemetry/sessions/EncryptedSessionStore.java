package dev.warden.telemetry.sessions;

import com.google.crypto.tink.Aead;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.NodeAudit;
import dev.warden.gateway.SessionChange;
import dev.warden.gateway.SessionStore;
import dev.warden.gateway.StoredRetained;
import dev.warden.gateway.StoredSession;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.policy.Arn;
import dev.warden.storage.Database;
import dev.warden.telemetry.ThingDataKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's persistent sessions and retained messages in the node's database (SQLite or PostgreSQL), encrypted:
 * a session's subscriptions, each message it holds and the will its client left waiting are sealed with AES-256-GCM
 * under the thing's data key (the one its telemetry uses, owner {@code thing/<name>}), with associated data binding
 * the ciphertext to region, thing, client ID and record, so a ciphertext moved to another row fails. A retained
 * message is sealed under the key of the thing that published it, bound to region, thing and its random id. Erasing
 * the thing destroys that key: from then on its sessions, wills and retained messages are neither written nor
 * readable. Only client IDs, thing names, retained ids, expiry, will due times and delivery state (packet ID,
 * released) are in the clear; no topic is.
 */
public final class EncryptedSessionStore implements SessionStore {
    private static final Logger LOG = LoggerFactory.getLogger(EncryptedSessionStore.class);
    private static final String AAD_VERSION = "warden-mqtt-session-v1";
    private static final String RETAINED_AAD_VERSION = "warden-mqtt-retained-v1";
    private static final String WILL_RECORD = "will";

    /** The statements of one batch, in one transaction. */
    private record Daos(SessionDao sessions, RetainedDao retained) {}

    private final Database db;
    private final ThingDataKeys keys;
    private final String region;
    private final String account;
    private final Clock clock;
    private final NodeAudit audit;

    /** @param audit where a record discarded at start because it failed to decrypt is reported */
    public EncryptedSessionStore(
            Database db, ThingDataKeys keys, String region, String account, Clock clock, NodeAudit audit) {
        this.db = db;
        this.keys = keys;
        this.region = region;
        this.account = account;
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * Every session of this region with its pending will, decrypted. A session that cannot be decrypted (its thing
     * was erased, or a row was altered or moved) is deleted rather than half restored.
     */
    @Override
    public List<StoredSession> loadAll() {
        List<SessionDao.SessionRow> rows = db.read(h -> new SessionDao(h, region).sessions());
        Map<String, List<SessionDao.MessageRow>> held = new HashMap<>();
        for (SessionDao.MessageRow m : db.read(h -> new SessionDao(h, region).messages())) {
            held.computeIfAbsent(m.clientId(), k -> new ArrayList<>()).add(m);
        }
        Map<String, SessionDao.WillRow> wills = new HashMap<>();
        for (SessionDao.WillRow w : db.read(h -> new SessionDao(h, region).wills())) {
            wills.put(w.clientId(), w);
        }
        List<StoredSession> sessions = new ArrayList<>(rows.size());
        List<String> unreadable = new ArrayList<>();
        for (SessionDao.SessionRow row : rows) {
            try {
                sessions.add(decrypt(row, held.getOrDefault(row.clientId(), List.of()), wills.get(row.clientId())));
            } catch (KmsException e) {
                LOG.warn(
                        "Stored MQTT session of client {} (thing {}) cannot be decrypted ({}); deleting it",
                        row.clientId(),
                        row.thing(),
                        e.reason());
                unreadable.add(row.clientId());
                discarded("client/" + row.clientId(), row.thing(), e.reason());
            }
        }
        if (!unreadable.isEmpty()) {
            db.useTransaction(h -> unreadable.forEach(new SessionDao(h, region)::deleteSession));
        }
        return sessions;
    }

    /**
     * Every retained message of this region, oldest first, decrypted. One that cannot be decrypted (the thing that
     * published it was erased, or its row was altered or moved) is deleted.
     */
    @Override
    public List<StoredRetained> loadRetained() {
        List<RetainedDao.RetainedRow> rows = db.read(h -> new RetainedDao(h, region).all());
        List<StoredRetained> retained = new ArrayList<>(rows.size());
        List<String> unreadable = new ArrayList<>();
        for (RetainedDao.RetainedRow row : rows) {
            try {
                byte[] message = decrypt(aeadOf(row.thing()), row.message(), retainedAad(row.thing(), row.id()));
                retained.add(new StoredRetained(row.id(), row.thing(), message));
            } catch (KmsException e) {
                unreadable.add(row.id());
                discarded("retained/" + row.id(), row.thing(), e.reason());
            }
        }
        if (!unreadable.isEmpty()) {
            // The count only: which thing's messages they were is no secret, but there may be many.
            LOG.warn(
                    "{} stored retained messages cannot be decrypted ({} in all); deleting them",
                    unreadable.size(),
                    rows.size());
            db.useTransaction(h -> unreadable.forEach(new RetainedDao(h, region)::delete));
        }
        return retained;
    }

    /**
     * A stored record that failed to decrypt (its thing was erased, or the row was altered or moved) is deleted, not
     * restored; the audit trail says which and why, since an altered row means someone wrote to the database.
     */
    private void discarded(String resource, String thing, KmsReason reason) {
        audit.record(audit.event("iot:RestoreSession")
                .principal(AuditPrincipal.SYSTEM)
                .resource(Arn.of("iot", region, account, resource).toString())
                .result(AuditResult.DENY)
                .detail("thing", thing)
                .detail("reason", reason));
    }

    /**
     * Encrypts first, then applies the batch in one transaction. A change for a thing whose data key was destroyed
     * is skipped: nothing of an erased thing is stored again.
     */
    @Override
    public void write(List<SessionChange> changes) {
        long now = clock.millis();
        List<Consumer<Daos>> statements = new ArrayList<>(changes.size());
        for (SessionChange change : changes) {
            prepare(change, now).ifPresent(statements::add);
        }
        if (!statements.isEmpty()) {
            db.useTransaction(h -> {
                Daos daos = new Daos(new SessionDao(h, region), new RetainedDao(h, region));
                statements.forEach(statement -> statement.accept(daos));
            });
        }
    }

    /** Deletes every stored session of the thing (deleted or erased) with its will; returns how many there were. */
    public int deleteThing(String thing) {
        return db.inTransaction(h -> new SessionDao(h, region).deleteThing(thing));
    }

    /** Deletes every stored retained message the thing published (deleted or erased); returns how many. */
    public int deleteRetainedOf(String thing) {
        return db.inTransaction(h -> new RetainedDao(h, region).deleteThing(thing));
    }

    /** How many sessions of the thing are stored (for tests and diagnostics). */
    public int sessionsOf(String thing) {
        return db.read(h -> new SessionDao(h, region).countThing(thing));
    }

    /** How many retained messages the thing published are stored (for tests and diagnostics). */
    public int retainedOf(String thing) {
        return db.read(h -> new RetainedDao(h, region).countThing(thing));
    }

    /** The statement for one change, its device-derived bytes encrypted; empty if the thing was erased. */
    private Optional<Consumer<Daos>> prepare(SessionChange change, long now) {
        try {
            return Optional.of(statement(change, now));
        } catch (KmsException e) {
            if (e.reason() != KmsReason.KEY_DESTROYED) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /** @throws KmsException {@link KmsReason#KEY_DESTROYED} when a change to encrypt belongs to an erased thing */
    private Consumer<Daos> statement(SessionChange change, long now) {
        if (change instanceof SessionChange.Save s) {
            SessionDao.SessionRow row = new SessionDao.SessionRow(
                    s.clientId(),
                    s.thing(),
                    s.expirySeconds(),
                    s.disconnectedAtMillis(),
                    encrypt(s.thing(), s.subscriptions(), aad(s.thing(), s.clientId(), "subscriptions")));
            return daos -> daos.sessions().upsertSession(row, now);
        }
        if (change instanceof SessionChange.PutMessage p) {
            SessionDao.MessageRow row = new SessionDao.MessageRow(
                    p.clientId(),
                    p.seq(),
                    p.thing(),
                    p.packetId(),
                    p.released(),
                    encrypt(p.thing(), p.message(), aad(p.thing(), p.clientId(), "message/" + p.seq())));
            return daos -> daos.sessions().insertMessage(row);
        }
        if (change instanceof SessionChange.PutWill w) {
            SessionDao.WillRow row = new SessionDao.WillRow(
                    w.clientId(),
                    w.thing(),
                    w.dueAtMillis(),
                    encrypt(w.thing(), w.will(), aad(w.thing(), w.clientId(), WILL_RECORD)));
            return daos -> daos.sessions().putWill(row);
        }
        if (change instanceof SessionChange.PutRetained r) {
            RetainedDao.RetainedRow row = new RetainedDao.RetainedRow(
                    r.id(), r.thing(), encrypt(r.thing(), r.message(), retainedAad(r.thing(), r.id())));
            return daos -> daos.retained().insert(row, now);
        }
        if (change instanceof SessionChange.Delete d) {
            return daos -> daos.sessions().deleteSession(d.clientId());
        }
        if (change instanceof SessionChange.MarkMessage m) {
            return daos -> daos.sessions().markMessage(m.clientId(), m.seq(), m.packetId(), m.released());
        }
        if (change instanceof SessionChange.RemoveMessage r) {
            return daos -> daos.sessions().deleteMessage(r.clientId(), r.seq());
        }
        if (change instanceof SessionChange.RemoveWill w) {
            return daos -> daos.sessions().deleteWill(w.clientId());
        }
        SessionChange.RemoveRetained r = (SessionChange.RemoveRetained) change;
        return daos -> daos.retained().delete(r.id());
    }

    private Aead aeadOf(String thing) {
        return keys.forReading(thing)
                .orElseThrow(
                        () -> new KmsException(KmsReason.DECRYPTION_FAILED, "thing '" + thing + "' has no data key"));
    }

    private StoredSession decrypt(
            SessionDao.SessionRow row, List<SessionDao.MessageRow> messages, SessionDao.WillRow will) {
        Aead aead = aeadOf(row.thing());
        byte[] subscriptions = decrypt(aead, row.subscriptions(), aad(row.thing(), row.clientId(), "subscriptions"));
        List<StoredSession.HeldMessage> held = new ArrayList<>(messages.size());
        for (SessionDao.MessageRow m : messages) {
            if (!m.thing().equals(row.thing())) {
                throw new KmsException(KmsReason.DECRYPTION_FAILED, "message of another thing in the session");
            }
            held.add(new StoredSession.HeldMessage(
                    m.seq(),
                    m.packetId(),
                    m.released(),
                    decrypt(aead, m.message(), aad(row.thing(), row.clientId(), "message/" + m.seq()))));
        }
        StoredSession.PendingWill pending = null;
        if (will != null) {
            if (!will.thing().equals(row.thing())) {
                throw new KmsException(KmsReason.DECRYPTION_FAILED, "will of another thing in the session");
            }
            pending = new StoredSession.PendingWill(
                    will.dueAtMillis(), decrypt(aead, will.will(), aad(row.thing(), row.clientId(), WILL_RECORD)));
        }
        return new StoredSession(
                row.clientId(),
                row.thing(),
                row.expirySeconds(),
                row.disconnectedAtMillis(),
                subscriptions,
                held,
                pending);
    }

    private String encrypt(String thing, byte[] plaintext, byte[] aad) {
        try {
            return Base64.getEncoder().encodeToString(keys.forWriting(thing).encrypt(plaintext, aad));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "session encryption failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] decrypt(Aead aead, String ciphertext, byte[] aad) {
        try {
            return aead.decrypt(Base64.getDecoder().decode(ciphertext), aad);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KmsException(KmsReason.DECRYPTION_FAILED, "stored session record failed authentication");
        }
    }

    /** Binds a ciphertext to its place: another region, thing, client or record fails authentication. */
    private byte[] aad(String thing, String clientId, String record) {
        return String.join("\u0000", AAD_VERSION, region, thing, clientId, record)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Binds a retained message to its region, publishing thing and id (another version: never a session's AAD). */
    private byte[] retainedAad(String thing, String id) {
        return String.join("\u0000", RETAINED_AAD_VERSION, region, thing, id).getBytes(StandardCharsets.UTF_8);
    }
}
