package dev.warden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.audit.export.JsonLinesExport;
import dev.warden.audit.store.AuditStore;
import dev.warden.storage.Database;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An export verifies on its own, and an edited export names the broken link like the database does. */
class JsonLinesExportTest {
    private static final KeyPair KEYS = TestChains.keyPair();

    @TempDir
    Path dir;

    private String export() {
        try (Database database = Database.open(null, dir)) {
            AuditStore store = new AuditStore(database);
            try (AuditLog log = new AuditLog(
                            store,
                            TestChains.REGION,
                            new DigestSigner(KEYS.getPrivate(), KEYS.getPublic()),
                            new AuditSettings(1000, 10, 20, Duration.ofHours(1), Duration.ofSeconds(10)),
                            Clock.systemUTC())
                    .start()) {
                for (int i = 1; i <= 50; i++) {
                    log.recordDurable(TestChains.event(i));
                }
            }
            StringWriter out = new StringWriter();
            assertThat(JsonLinesExport.write(store, TestChains.REGION, out)).isEqualTo(50);
            return out.toString();
        }
    }

    private static VerificationReport verify(String text) throws Exception {
        return JsonLinesExport.verify(new BufferedReader(new StringReader(text)), TestChains.REGION, KEYS.getPublic());
    }

    @Test
    void anExportVerifiesOnItsOwn() throws Exception {
        VerificationReport report = verify(export());
        assertThat(report.intact()).as(report.problems().toString()).isTrue();
        assertThat(report.eventsChecked()).isEqualTo(50);
        assertThat(report.digestsChecked()).isEqualTo(3);
    }

    @Test
    void anEditedOrDroppedLineIsNamed() throws Exception {
        List<String> lines = new ArrayList<>(export().lines().toList());
        int target = lines.size() - 20;
        String original = lines.get(target);
        String eventId = original.replaceAll(".*\"eventId\":\"([^\"]+)\".*", "$1");
        lines.set(target, original.replace("\"sourceIp\":\"10.", "\"sourceIp\":\"11."));
        VerificationProblem first =
                verify(String.join("\n", lines)).firstProblem().orElseThrow();
        assertThat(first.kind()).isEqualTo(ProblemKind.MODIFIED);
        assertThat(first.eventId()).isEqualTo(eventId);

        lines.set(target, original);
        lines.remove(target);
        assertThat(verify(String.join("\n", lines)).firstProblem().orElseThrow().kind())
                .isEqualTo(ProblemKind.DELETED);

        lines.add(target, "{not json");
        assertThat(verify(String.join("\n", lines)).intact()).isFalse();
    }
}
