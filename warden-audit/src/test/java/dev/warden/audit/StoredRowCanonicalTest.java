package dev.warden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.audit.store.AuditStore;
import dev.warden.audit.store.StoredTrailVerifier;
import dev.warden.storage.Database;
import dev.warden.testkit.PostgresFixture;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verifier hashes stored rows from their raw column bytes; queries decode them into events. Both must give the
 * same canonical form for every row, as written and after any edit, or the two would disagree about tampering.
 */
@Tag("postgresql")
class StoredRowCanonicalTest {
    private static final KeyPair KEYS = TestChains.keyPair();
    private static final String REGION = TestChains.REGION;

    @TempDir
    Path dir;

    private Database database;

    static Stream<String> backends() {
        return Stream.of("sqlite", "postgresql");
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    private AuditStore trail(String backend) {
        database = Database.open("postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null, dir);
        AuditStore store = new AuditStore(database);
        AuditSettings settings = new AuditSettings(1000, 7, 1000, Duration.ofHours(1), Duration.ofSeconds(10));
        try (AuditLog log = new AuditLog(
                        store,
                        REGION,
                        new DigestSigner(KEYS.getPrivate(), KEYS.getPublic()),
                        settings,
                        Clock.systemUTC())
                .start()) {
            for (int i = 1; i <= 12; i++) {
                AuditEvent.Builder b = AuditEvent.builder(REGION, "nöde-✓")
                        .principal(i % 2 == 0 ? new AuditPrincipal("user", "zoë 🛰", null) : AuditPrincipal.ANONYMOUS)
                        .action("iot:Publish")
                        .resource(i % 3 == 0 ? null : "arn:warden:iot:eu-west-1:default:topic/é/" + i)
                        .result(AuditResult.values()[i % 3])
                        .detail("quote", "say \"hi\"\\ \n\t\u0001")
                        .detail("emoji", "🔐")
                        .detail("n", i);
                if (i == 4) {
                    // SQLite's reader joins columns with 0x1F: a value holding it must be read another way, alike.
                    b.detail("sep", "a\u001Fb").resource("topic/\u001F");
                }
                if (i == 8) {
                    b.detail("ключ", "значение").detail("Z", "");
                }
                if (i == 6) {
                    b.principal(new AuditPrincipal("user", "v", "n")).sourceIp("");
                }
                log.recordDurable(b.build(1_700_000_000_000_000_000L + i));
            }
            log.recordDurable(
                    AuditEvent.builder(REGION, "node-1").action("warden:Noop").build(1_700_000_000_100_000_000L));
        }
        return store;
    }

    private void assertBothPathsAgree(AuditStore store) {
        List<byte[]> decoded = new ArrayList<>();
        store.forEach(
                REGION,
                1,
                Long.MAX_VALUE,
                events -> events.forEachRemaining(e -> decoded.add(EventCanonicalForm.of(e.event()))));
        List<byte[]> raw = new ArrayList<>();
        store.forEachStored(
                REGION,
                1,
                Long.MAX_VALUE,
                links -> links.forEachRemaining(link -> {
                    EventCanonicalForm.Writer writer = new EventCanonicalForm.Writer();
                    link.writeCanonical(writer);
                    raw.add(writer.bytes());
                }));
        assertThat(raw).hasSize(13).containsExactlyElementsOf(decoded);
    }

    private void sql(String statement) {
        database.jdbi().useHandle(h -> h.execute(statement));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void rowsAsWrittenHashAlikeOnBothPaths(String backend) {
        AuditStore store = trail(backend);
        assertBothPathsAgree(store);
        assertThat(new StoredTrailVerifier(store, KEYS.getPublic())
                        .verify(REGION, null, null)
                        .intact())
                .isTrue();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void editedRowsHashAlikeOnBothPaths(String backend) {
        AuditStore store = trail(backend);
        // Keys out of order (same content), a number instead of a string, a duplicate key, JSON that does not parse,
        // trailing content, a result that is no result, a NULL where text was.
        sql("UPDATE audit_events SET details = '{\"n\":\"2\",\"emoji\":\"x\"}' WHERE seq = 2");
        sql("UPDATE audit_events SET details = '{\"n\":3}' WHERE seq = 3");
        sql("UPDATE audit_events SET details = '{\"a\":\"1\",\"a\":\"2\"}' WHERE seq = 4");
        sql("UPDATE audit_events SET details = '{not json' WHERE seq = 5");
        sql("UPDATE audit_events SET details = '{\"a\":\"1\"} trailing' WHERE seq = 6");
        sql("UPDATE audit_events SET result = 'MAYBE' WHERE seq = 7");
        sql("UPDATE audit_events SET details = '{\"a\":{\"nested\":\"1\"}}' WHERE seq = 8");
        sql("UPDATE audit_events SET resource = NULL WHERE seq = 10");
        sql("UPDATE audit_events SET details = '{ \"n\":\"11\"}' WHERE seq = 11");
        sql("UPDATE audit_events SET details = '{\"n\":\"12\"},' WHERE seq = 12");
        assertBothPathsAgree(store);
        VerificationReport report = new StoredTrailVerifier(store, KEYS.getPublic()).verify(REGION, null, null);
        assertThat(report.problems())
                .extracting(VerificationProblem::seq)
                .contains(2L, 3L, 4L, 5L, 6L, 7L, 8L, 10L, 11L, 12L);
    }
}
