package dev.warden.server.gateway;

import com.google.crypto.tink.Aead;
import dev.warden.gateway.SessionChange;
import dev.warden.gateway.SessionStore;
import dev.warden.gateway.StoredSession;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.server.telemetry.ThingDataKeys;
import dev.warden.storage.Database;
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
 * The gateway's persistent sessions in the node's database (SQLite or PostgreSQL), encrypted: a session's
 * subscriptions and each message it holds are sealed with AES-256-GCM under the thing's data key (the one its
 * telemetry uses, owner {@code thing/<name>}), with associated data binding the ciphertext to region, thing, client
 * ID and record, so a ciphertext moved to another row fails. Erasing the thing destroys that key: from then on its
 * sessions are neither written nor readable. Only client IDs, thing names, expiry and delivery state (packet ID,
 * released) are in the clear.
 */
public final class EncryptedSessionStore implements SessionStore {
    private static final Logger LOG = LoggerFactory.getLogger(EncryptedSessionStore.class);
    private static final String AAD_VERSION = "warden-mqtt-session-v1";

    private final Database db;
    private final ThingDataKeys keys;
    private final String region;
    private final Clock clock;

    public EncryptedSessionStore(Database db, ThingDataKeys keys, String region, Clock clock) {
        this.db = db;
        this.keys = keys;
        this.region = region;
        this.clock = clock;
    }

    /**
     * Every session of this region, decrypted. A session that cannot be decrypted (its thing was erased, or a row was
     * altered or moved) is deleted rather than half restored.
     */
    @Override
    public List<StoredSession> loadAll() {
        List<SessionDao.SessionRow> rows = db.read(h -> new SessionDao(h, region).sessions());
        Map<String, List<SessionDao.MessageRow>> held = new HashMap<>();
        for (SessionDao.MessageRow m : db.read(h -> new SessionDao(h, region).messages())) {
            held.computeIfAbsent(m.clientId(), k -> new ArrayList<>()).add(m);
        }
        List<StoredSession> sessions = new ArrayList<>(rows.size());
        List<String> unreadable = new ArrayList<>();
        for (SessionDao.SessionRow row : rows) {
            try {
                sessions.add(decrypt(row, held.getOrDefault(row.clientId(), List.of())));
            } catch (KmsException e) {
                LOG.warn("Stored MQTT session of client {} (thing {}) cannot be decrypted ({}); deleting it",
                        row.clientId(), row.thing(), e.reason());
                unreadable.add(row.clientId());
            }
        }
        if (!unreadable.isEmpty()) {
            db.useTransaction(h -> unreadable.forEach(new SessionDao(h, region)::deleteSession));
        }
        return sessions;
    }

    /**
     * Encrypts first, then applies the batch in one transaction. A change for a thing whose data key was destroyed
     * is skipped: nothing of an erased thing is stored again.
     */
    @Override
    public void write(List<SessionChange> changes) {
        long now = clock.millis();
        List<Consumer<SessionDao>> statements = new ArrayList<>(changes.size());
        for (SessionChange change : changes) {
            prepare(change, now).ifPresent(statements::add);
        }
        if (!statements.isEmpty()) {
            db.useTransaction(h -> {
                SessionDao dao = new SessionDao(h, region);
                statements.forEach(statement -> statement.accept(dao));
            });
        }
    }

    /** Deletes every stored session of the thing (deleted or erased); returns how many there were. */
    public int deleteThing(String thing) {
        return db.inTransaction(h -> new SessionDao(h, region).deleteThing(thing));
    }

    /** How many sessions of the thing are stored (for tests and diagnostics). */
    public int sessionsOf(String thing) {
        return db.read(h -> new SessionDao(h, region).countThing(thing));
    }

    /** The statement for one change, its device-derived bytes encrypted; empty if the thing was erased. */
    private Optional<Consumer<SessionDao>> prepare(SessionChange change, long now) {
        try {
            if (change instanceof SessionChange.Save s) {
                SessionDao.SessionRow row = new SessionDao.SessionRow(s.clientId(), s.thing(), s.expirySeconds(),
                        s.disconnectedAtMillis(), encrypt(s.thing(), s.subscriptions(),
                                aad(s.thing(), s.clientId(), "subscriptions")));
                return Optional.of(dao -> dao.upsertSession(row, now));
            }
            if (change instanceof SessionChange.PutMessage p) {
                SessionDao.MessageRow row = new SessionDao.MessageRow(p.clientId(), p.seq(), p.thing(), p.packetId(),
                        p.released(), encrypt(p.thing(), p.message(), aad(p.thing(), p.clientId(), "message/" + p.seq())));
                return Optional.of(dao -> dao.insertMessage(row));
            }
        } catch (KmsException e) {
            if (e.reason() != KmsReason.KEY_DESTROYED) {
                throw e;
            }
            return Optional.empty();
        }
        if (change instanceof SessionChange.Delete d) {
            return Optional.of(dao -> dao.deleteSession(d.clientId()));
        }
        if (change instanceof SessionChange.MarkMessage m) {
            return Optional.of(dao -> dao.markMessage(m.clientId(), m.seq(), m.packetId(), m.released()));
        }
        SessionChange.RemoveMessage r = (SessionChange.RemoveMessage) change;
        return Optional.of(dao -> dao.deleteMessage(r.clientId(), r.seq()));
    }

    private StoredSession decrypt(SessionDao.SessionRow row, List<SessionDao.MessageRow> messages) {
        Aead aead = keys.forReading(row.thing()).orElseThrow(() -> new KmsException(KmsReason.DECRYPTION_FAILED,
                "thing '" + row.thing() + "' has no data key"));
        byte[] subscriptions = decrypt(aead, row.subscriptions(), aad(row.thing(), row.clientId(), "subscriptions"));
        List<StoredSession.HeldMessage> held = new ArrayList<>(messages.size());
        for (SessionDao.MessageRow m : messages) {
            if (!m.thing().equals(row.thing())) {
                throw new KmsException(KmsReason.DECRYPTION_FAILED, "message of another thing in the session");
            }
            held.add(new StoredSession.HeldMessage(m.seq(), m.packetId(), m.released(),
                    decrypt(aead, m.message(), aad(row.thing(), row.clientId(), "message/" + m.seq()))));
        }
        return new StoredSession(row.clientId(), row.thing(), row.expirySeconds(), row.disconnectedAtMillis(),
                subscriptions, held);
    }

    private String encrypt(String thing, byte[] plaintext, byte[] aad) {
        try {
            return Base64.getEncoder().encodeToString(keys.forWriting(thing).encrypt(plaintext, aad));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("session encryption failed (" + e.getClass().getSimpleName() + ")");
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
        return String.join("\u0000", AAD_VERSION, region, thing, clientId, record).getBytes(StandardCharsets.UTF_8);
    }
}
