package dev.warden.bench;

import dev.warden.node.WardenNode;
import dev.warden.node.config.ConfigKey;
import dev.warden.node.config.ConfigLoader;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.testkit.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Certificate issuance as the node does it for {@code POST /things}: parse and verify the CSR, sign the certificate,
 * persist thing + certificate + policy attachment in one transaction, update the status index. CSRs are made in
 * advance (that cost is the device's). Backend: {@code sqlite} or a {@code postgresql://} URL
 * ({@code -p backend=postgresql://warden:warden-ci@127.0.0.1:5432/warden_test}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IssuanceBenchmark {
    @Param({"sqlite"})
    public String backend;

    private WardenNode node;
    private Path dataDir;
    private byte[][] csrs;
    private final AtomicLong counter = new AtomicLong();
    private String runId;

    @Setup(Level.Trial)
    public void start() throws Exception {
        dataDir = Files.createTempDirectory("warden-bench");
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.DATA, dataDir.toString());
        flags.put(ConfigKey.ADMIN_PORT, String.valueOf(FreePorts.next()));
        flags.put(ConfigKey.PUBLIC_PORT, String.valueOf(FreePorts.next()));
        if (!backend.equals("sqlite")) {
            flags.put(ConfigKey.DB, BenchDatabases.freshSchema(backend));
        }
        node = new WardenNode(ConfigLoader.load(flags, Map.of(), null), Clock.systemUTC()).start();
        runId = Long.toString(System.nanoTime(), 36);
        csrs = new byte[4096][];
        for (int i = 0; i < csrs.length; i++) {
            // No CN: the node then names the certificate after the thing, so one CSR serves many enrollments.
            csrs[i] = BenchDatabases.csrWithoutSubject(CsrBuilder.generateDeviceKey(KeyType.EC_P256));
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        node.close();
    }

    @Benchmark
    public Object issueFromCsr() {
        long n = counter.getAndIncrement();
        return node.certificates().enroll("b-" + runId + "-" + n, csrs[(int) (n % csrs.length)], null, Map.of(), null);
    }

    /**
     * As the admin API issues: the durable intent event first (committed, and anchored, before the thing exists),
     * then the issuance, whose certificate event follows.
     */
    @Benchmark
    public Object issueFromCsrWithIntent() {
        long n = counter.getAndIncrement();
        String name = "b-" + runId + "-" + n;
        node.audit()
                .recordDurable(node.audit()
                        .event("warden:CreateThing")
                        .resource("arn:warden:iot:eu-west-1:default:thing/" + name)
                        .detail("stage", "intent")
                        .detail("method", "POST"));
        return node.certificates().enroll(name, csrs[(int) (n % csrs.length)], null, Map.of(), null);
    }
}
