package dev.warden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.audit.store.AuditStore;
import dev.warden.audit.store.StoredTrailVerifier;
import dev.warden.storage.Database;
import dev.warden.testkit.PostgresFixture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kill -9 in the middle of a burst: after restart the chain verifies, every acknowledged admin event is present,
 * and a restarted writer continues the same chain.
 */
@Tag("postgresql")
class KillDuringBurstTest {
    private static final int ACKS_BEFORE_KILL = 1_000;

    @TempDir
    Path dir;

    static Stream<String> backends() {
        return Stream.of("sqlite", "postgresql");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void acknowledgedEventsSurviveAndTheChainVerifies(String backend) throws Exception {
        String db = "postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : "sqlite";
        Process writer = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        BurstWriterProcess.class.getName(),
                        dir.toString(),
                        db)
                .redirectError(dir.resolve("writer.err").toFile())
                .start();
        Set<String> acknowledged = new HashSet<>();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledged.size() < ACKS_BEFORE_KILL
                    && (line = lines.readLine()) != null
                    && System.nanoTime() < deadline) {
                if (line.startsWith("ACK ")) {
                    acknowledged.add(line.substring(4));
                }
            }
            // SIGKILL: no shutdown hook, no final digest, a transaction possibly half-written.
            writer.destroyForcibly();
            assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged)
                .as(Files.readString(dir.resolve("writer.err")))
                .hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

        PublicKey key = KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(Files.readAllBytes(dir.resolve("audit.pub"))));
        try (Database database = Database.open("sqlite".equals(db) ? null : db, dir)) {
            AuditStore store = new AuditStore(database);
            VerificationReport report = new StoredTrailVerifier(store, key).verify(TestChains.REGION, null, null);
            assertThat(report.intact()).as(report.problems().toString()).isTrue();
            assertThat(report.digestsChecked()).isPositive();
            List<String> stored = database.read(h -> h.createQuery("SELECT event_id FROM audit_events")
                    .mapTo(String.class)
                    .list());
            assertThat(new HashSet<>(stored)).containsAll(acknowledged);

            // A writer restarted on the same store continues the chain, and the result still verifies.
            var keys = TestChains.keyPair();
            long before = report.lastSeq();
            try (AuditLog restarted = new AuditLog(
                            store,
                            TestChains.REGION,
                            new DigestSigner(keys.getPrivate(), keys.getPublic()),
                            AuditSettings.DEFAULTS,
                            Clock.systemUTC())
                    .start()) {
                assertThat(restarted.recordDurable(TestChains.event(1))).isEqualTo(before + 1);
            }
            // The new digests are signed by the new key; the chain links verify under either (digests aside).
            VerificationReport after =
                    new StoredTrailVerifier(store, keys.getPublic()).verify(TestChains.REGION, null, null);
            assertThat(after.problems())
                    .allSatisfy(p -> assertThat(p.kind()).isEqualTo(ProblemKind.DIGEST_SIGNATURE_INVALID));
            assertThat(after.eventsChecked()).isEqualTo(before + 1);
        }
    }
}
