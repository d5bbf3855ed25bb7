package dev.warden.telemetry;

import dev.warden.gateway.AcceptedPublish;
import dev.warden.gateway.DeviceIdentity;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.MasterKey;
import dev.warden.kms.masterkey.MasterKeyFile;
import dev.warden.storage.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The gateway's ingestion path into storage with encryption at rest on versus off: a batch of accepted PUBLISHes
 * (the telemetry writer's batch size, 100 things, 256-byte payloads) written to SQLite in one transaction. "on" is
 * {@link TelemetryStore#append} as the node runs it (each thing's messages sealed into segments under its data key,
 * AES-256-GCM with the row-binding associated data); "off" does the same work (ids, sequence, segment encoding,
 * base64, the same rows and batch insert) without the encryption, as a node without encryption at rest would.
 * {@code storage=none} builds the segments without writing them: the CPU share.
 * Lives in the telemetry package to call the store's package-private writer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TelemetryIngestBenchmark {
    static final int BATCH = TelemetryRecorder.MAX_BATCH;
    private static final int THINGS = 100;

    @Param({"on", "off"})
    public String encryption;

    /** {@code sqlite}: rows written as the node does; {@code none}: rows built but not written (the CPU part only). */
    @Param({"sqlite", "none"})
    public String storage;

    private Path dir;
    private Database database;
    private TelemetryStore store;
    private List<AcceptedPublish> batch;

    @Setup(Level.Trial)
    public void start() throws Exception {
        dir = Files.createTempDirectory("warden-ingest-bench");
        database = Database.open(null, dir);
        MasterKey master =
                MasterKeyFile.create(dir.resolve("master.key"), "eu-west-1", "benchmark passphrase".toCharArray());
        KeyManagementService kms = new KeyManagementService(database, master, "eu-west-1", Clock.systemUTC());
        kms.createKey("default", "default", "benchmark key");
        store = new TelemetryStore(database, kms, "default", Clock.systemUTC());
        batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            String thing = "sensor-" + (i % THINGS);
            byte[] payload = new byte[256];
            ThreadLocalRandom.current().nextBytes(payload);
            batch.add(new AcceptedPublish(
                    new DeviceIdentity(thing, "01", "00", Map.of()),
                    thing,
                    "devices/" + thing + "/telemetry",
                    payload,
                    1,
                    false,
                    System.currentTimeMillis()));
        }
        store.append(batch); // every thing's data key created and cached, as on a running node
    }

    @TearDown(Level.Trial)
    public void stop() {
        database.close();
    }

    /** Messages stored per second (one invocation writes one batch). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int ingest() {
        // Stamped now, as the gateway stamps each message: row ids and the time index follow the clock.
        long now = System.currentTimeMillis();
        batch.replaceAll(
                p -> new AcceptedPublish(p.identity(), p.clientId(), p.topic(), p.payload(), p.qos(), p.retain(), now));
        boolean write = "sqlite".equals(storage);
        if ("on".equals(encryption) && write) {
            return store.append(batch).stored();
        }
        List<TelemetrySegment> segments = new ArrayList<>();
        for (List<AcceptedPublish> messages : SegmentPlan.split(batch)) {
            if ("on".equals(encryption)) {
                segments.add(store.seal(messages).orElseThrow());
            } else {
                List<TelemetryEntry> entries = store.entries(messages);
                segments.add(store.describe(messages.get(0).identity().thingName(), entries)
                        .withCiphertext(SegmentCodec.encode(entries)));
            }
        }
        if (write) {
            database.useTransaction(h -> new TelemetryDao(h).insert(segments));
        }
        return batch.size();
    }
}
