package dev.warden.audit;

import dev.warden.audit.store.AuditStore;
import dev.warden.storage.Database;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;

/**
 * A separate process that writes the trail as fast as it can — admin threads waiting for durability, and the data
 * plane queueing without waiting — printing {@code ACK <eventId>} for each acknowledged admin event, until killed.
 * Arguments: data directory, database URL or "sqlite".
 */
public final class BurstWriterProcess {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        KeyPair keys = TestChains.keyPair();
        Files.write(dir.resolve("audit.pub"), keys.getPublic().getEncoded());
        Database database = Database.open("sqlite".equals(args[1]) ? null : args[1], dir);
        AuditLog log = new AuditLog(
                        new AuditStore(database),
                        TestChains.REGION,
                        new DigestSigner(keys.getPrivate(), keys.getPublic()),
                        new AuditSettings(10_000, 500, 1_000, Duration.ofMillis(200), Duration.ofSeconds(10)),
                        Clock.systemUTC())
                .start();
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
        Thread dataPlane = new Thread(() -> {
            for (int i = 0; ; i++) {
                log.record(TestChains.event(i));
                if (i % 100 == 0) {
                    Thread.onSpinWait();
                }
            }
        });
        dataPlane.setDaemon(true);
        dataPlane.start();
        for (int t = 0; t < 8; t++) {
            Thread admin = new Thread(() -> {
                for (int i = 0; ; i++) {
                    AuditEvent e = TestChains.event(i);
                    log.recordDurable(e);
                    synchronized (out) {
                        out.println("ACK " + e.eventId());
                    }
                }
            });
            admin.start();
        }
        out.println("READY");
    }
}
