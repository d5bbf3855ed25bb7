package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.HashChain;
import dev.warden.audit.store.AuditStore;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.storage.Database;
import dev.warden.testkit.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail attacked as someone holding the data directory (but not the master-key passphrase) would: each
 * test edits a copy of a real node's trail one way and asserts that {@code warden audit verify} says tampered, by
 * kind, with exit code 1 and no stack trace, or that the node, started on it, refuses to sign what it did not write.
 */
@Tag("postgresql")
class AuditTamperSuiteIT {
    @TempDir
    Path dir;

    private Path data;
    private Path offNodeKey;

    /** GIVEN a node that enrolled a device, revoked its certificate and stored a secret, then stopped cleanly. */
    @BeforeEach
    void trail() throws Exception {
        data = dir.resolve("data");
        try (NodeHarness node = new NodeHarness(data, null)) {
            ok(node.cli(
                    "device", "enroll", "dev-001", "--out", dir.resolve("dev").toString()));
            node.node.audit().log().flushAndSign();
            ok(node.cli("policy", "list"));
            ok(node.cli("secret", "put", "db-password", "--value", "s3cret-value-1"));
        }
        offNodeKey = dir.resolve("audit-signing.pub");
        Files.copy(data.resolve("pki/audit-signing.pub"), offNodeKey);
        NodeHarness.CliResult intact = verify();
        assertThat(intact.exitCode()).as(intact.out() + intact.err()).isZero();
        assertThat(intact.out()).contains("INTACT").contains("anchor: checkpoint");
    }

    @Test
    void theNewestCheckpointDeleted() {
        sql("DELETE FROM audit_digests WHERE digest_seq = (SELECT MAX(digest_seq) FROM audit_digests)");
        assertTampered(verify(), "SHORTER_THAN_ANCHOR");
    }

    @Test
    void theNewestCheckpointAndTheEventsItCoveredDeleted() {
        try (Database db = Database.open(null, data)) {
            AuditDigest last = new AuditStore(db)
                    .digests("eu-west-1").stream().reduce((a, b) -> b).orElseThrow();
            AuditDigest before = new AuditStore(db)
                    .digests("eu-west-1").stream()
                            .filter(d -> d.digestSeq() == last.digestSeq() - 1)
                            .findFirst()
                            .orElseThrow();
            db.jdbi().useHandle(h -> {
                h.execute("DELETE FROM audit_events WHERE seq > ?", before.toSeq());
                h.execute("DELETE FROM audit_digests WHERE digest_seq > ?", before.digestSeq());
            });
        }
        NodeHarness.CliResult result = verify();
        assertTampered(result, "SHORTER_THAN_ANCHOR");
        assertThat(result.out()).contains("the anchor records events up to seq");
    }

    @Test
    void theTailWithAnAdminActionCutAfterItsCheckpointIsRemoved() {
        // The secret was put last: its intent and outcome were anchored as a head; cut them and the close checkpoint.
        try (Database db = Database.open(null, data)) {
            long secretSeq = db.jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT MIN(seq) FROM audit_events WHERE action = 'secrets:PutSecretValue'")
                            .mapTo(Long.class)
                            .one());
            db.jdbi().useHandle(h -> {
                h.execute("DELETE FROM audit_events WHERE seq >= ?", secretSeq);
                h.execute("DELETE FROM audit_digests WHERE to_seq >= ?", secretSeq);
            });
        }
        assertTampered(verify(), "SHORTER_THAN_ANCHOR");
    }

    @Test
    void aForgedEventAppendedWithARecomputedChainIsReportedAndNeverSignedByTheNode() throws Exception {
        ChainedEvent forged = appendForgedEvent();
        // Offline: the node is stopped, so an unsigned tail is a failure.
        assertTampered(verify(), "UNSIGNED_TAIL");

        // WHEN the node starts on that trail THEN it sets the event aside, records the finding, and signs around it.
        try (NodeHarness node = new NodeHarness(data, null)) {
            assertThat(node.node.audit().log().tamperFindings()).hasSize(1);
            assertThat(node.node.audit().log().epoch()).isEqualTo(1);
        }
        try (Database db = Database.open(null, data)) {
            AuditStore store = new AuditStore(db);
            assertThat(store.digests("eu-west-1")).noneMatch(d -> d.headHash().equals(forged.hash()));
            List<String> quarantined = db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT event_id FROM audit_quarantine")
                            .mapTo(String.class)
                            .list());
            assertThat(quarantined).containsExactly(forged.event().eventId());
            long stillInChain = db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM audit_events WHERE event_id = :id")
                            .bind("id", forged.event().eventId())
                            .mapTo(Long.class)
                            .one());
            assertThat(stillInChain).isZero();
        }
        NodeHarness.CliResult after = verify();
        assertTampered(after, "TAMPERING_RECORDED");
        assertThat(after.out()).contains("UNACCOUNTED_EVENTS").contains("set those events aside");
        assertThat(after.out()).doesNotContain("UNSIGNED_TAIL");
    }

    @Test
    void everyEventAndCheckpointDeleted() {
        sql("DELETE FROM audit_events");
        sql("DELETE FROM audit_digests");
        NodeHarness.CliResult result = verify();
        assertTampered(result, "EMPTY_TRAIL");
        assertThat(result.out()).doesNotContain("INTACT");
    }

    @Test
    void aSignatureReplacedByTextThatIsNotBase64IsNamedNotAStackTrace() {
        sql("UPDATE audit_digests SET signature = 'not base64 at all!' WHERE digest_seq = 1");
        NodeHarness.CliResult result = verify();
        assertTampered(result, "DIGEST_SIGNATURE_INVALID");
        assertThat(result.out()).contains("digest 1 has a signature that is not base64");
        assertThat(result.out() + result.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aTrailEditedAndResignedWithAnotherKeyFailsAgainstTheOffNodeKeyAndTheAnchor() throws Exception {
        // The attacker has no audit-signing key (sealed under the master key): they sign with their own and swap the
        // public key in the data directory.
        KeyPair attacker = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        DigestSigner signer = new DigestSigner(attacker.getPrivate(), attacker.getPublic());
        try (Database db = Database.open(null, data)) {
            db.jdbi().useHandle(h -> h.execute("UPDATE audit_events SET result = 'DENY' WHERE seq = 3"));
            rewriteChain(db, signer);
        }
        Files.writeString(data.resolve("pki/audit-signing.pub"), Pem.encodePublicKey(attacker.getPublic()));
        assertThat(Files.list(data.resolve("pki")).map(p -> p.getFileName().toString()))
                .noneMatch(name -> name.endsWith(".key"));

        NodeHarness.CliResult withOffNodeKey =
                Cli.run(List.of("audit", "verify", "--data", data.toString(), "--public-key", offNodeKey.toString()));
        assertTampered(withOffNodeKey, "DIGEST_SIGNATURE_INVALID");
        // Even with the swapped key, the anchor outside the database does not match the rewritten checkpoints.
        assertTampered(verify(), "DIVERGES_FROM_ANCHOR");
    }

    @Test
    void aNodeOnPostgresqlIsNotVerifiedAsAnEmptyLocalTrail() {
        String db = PostgresFixture.freshSchemaUrl();
        Path pgData = dir.resolve("pg-data");
        try (NodeHarness node = new NodeHarness(pgData, db)) {
            ok(node.cli("device", "list"));
        }
        NodeHarness.CliResult result = Cli.run(List.of("audit", "verify", "--data", pgData.toString()));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .contains("keeps its audit trail in PostgreSQL")
                .contains("--db postgresql://")
                .doesNotContain("warden-ci");
        assertThat(result.out()).doesNotContain("INTACT").doesNotContain("empty");
        assertThat(Files.exists(pgData.resolve("warden.db"))).isFalse();
    }

    @Test
    void aDataDirectoryWithNoTrailIsAnErrorNotAnIntactTrail() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.createDirectories(empty.resolve("pki"));
        Files.copy(offNodeKey, empty.resolve("pki/audit-signing.pub"));
        NodeHarness.CliResult result = Cli.run(List.of("audit", "verify", "--data", empty.toString()));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("there is no audit trail");
        assertThat(Files.exists(empty.resolve("warden.db"))).isFalse();
    }

    /** Appends one event that chains correctly to the stored head, as someone with write access to the database can. */
    private ChainedEvent appendForgedEvent() {
        try (Database db = Database.open(null, data)) {
            AuditStore store = new AuditStore(db);
            AuditStore.Head head = store.head("eu-west-1");
            AuditEvent event = AuditEvent.builder("eu-west-1", "warden-node")
                    .principal(new AuditPrincipal("admin", "bootstrap", null))
                    .action("secrets:GetSecretValue")
                    .resource("arn:warden:secrets:eu-west-1:default:secret/x")
                    .build(System.currentTimeMillis() * 1_000_000L);
            ChainedEvent forged =
                    new ChainedEvent(head.lastSeq() + 1, event, new HashChain().link(head.lastHash(), event));
            store.append(List.of(forged), null);
            return forged;
        }
    }

    /** Recomputes every link from the stored events and re-signs every checkpoint with {@code signer}. */
    private static void rewriteChain(Database db, DigestSigner signer) {
        AuditStore store = new AuditStore(db);
        List<ChainedEvent> events = new ArrayList<>();
        store.forEach("eu-west-1", 1, Long.MAX_VALUE, it -> it.forEachRemaining(events::add));
        HashChain chain = new HashChain();
        String hash = HashChain.GENESIS;
        List<String> hashes = new ArrayList<>();
        for (ChainedEvent e : events) {
            hash = chain.link(hash, e.event());
            hashes.add(hash);
        }
        List<AuditDigest> digests = store.digests("eu-west-1");
        db.jdbi().useHandle(h -> {
            for (int i = 0; i < events.size(); i++) {
                h.execute(
                        "UPDATE audit_events SET hash = ? WHERE seq = ?",
                        hashes.get(i),
                        events.get(i).seq());
            }
            h.execute("DELETE FROM audit_digests");
        });
        AuditDigest previous = null;
        for (AuditDigest d : digests) {
            String head = d.toSeq() == 0 ? HashChain.GENESIS : hashes.get((int) d.toSeq() - 1);
            AuditDigest resigned = signer.sign(new AuditDigest(
                    d.region(),
                    d.digestSeq(),
                    d.fromSeq(),
                    d.toSeq(),
                    head,
                    previous == null ? HashChain.GENESIS : previous.hash(),
                    d.createdAtNanos(),
                    signer.keyId(),
                    null,
                    d.epoch(),
                    d.merkleRoot()));
            store.append(List.of(), resigned);
            previous = resigned;
        }
    }

    private NodeHarness.CliResult verify() {
        return Cli.run(List.of("audit", "verify", "--data", data.toString()));
    }

    private void sql(String statement) {
        try (Database db = Database.open(null, data)) {
            db.jdbi().useHandle(h -> h.execute(statement));
        }
    }

    private static void assertTampered(NodeHarness.CliResult result, String kind) {
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(1);
        assertThat(result.out()).as(result.err()).contains(kind);
    }
}
