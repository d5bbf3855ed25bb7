package dev.warden.bench;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditIntegrity;
import dev.warden.audit.AuditLog;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.AuditSettings;
import dev.warden.audit.ChainVerifier;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.HashChain;
import dev.warden.audit.HmacHeadSealer;
import dev.warden.audit.VerificationReport;
import dev.warden.audit.anchor.AnchorFile;
import dev.warden.audit.anchor.AnchorLog;
import dev.warden.audit.store.AuditStore;
import dev.warden.audit.store.StoredTrailVerifier;
import dev.warden.pki.Signatures;
import dev.warden.storage.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * The audit trail: durable appends with group commit (events/s committed to SQLite or PostgreSQL, digests signed
 * as in production), and verification (events/s recomputed, in memory and from the store). Backend: {@code sqlite}
 * or a {@code postgresql://} URL.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AuditBenchmark {
    static final int BURST = 10_000;
    static final int VERIFY_EVENTS = 200_000;

    static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static AuditEvent event(long i) {
        return AuditEvent.builder("eu-west-1", "bench-node")
                .principal(AuditPrincipal.thing(
                        "dev-" + (i % 1000), "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"))
                .sourceIp("10.1." + (i % 250) + "." + (i % 200))
                .action(i % 2 == 0 ? "iot:Connect" : "warden:CreateThing")
                .resource("arn:warden:iot:eu-west-1:default:client/dev-" + (i % 1000))
                .result(i % 7 == 0 ? AuditResult.DENY : AuditResult.ALLOW)
                .requestId("req-" + i)
                .detail("status", 200)
                .build(1_790_000_000_000_000_000L + i);
    }

    static Database open(String backend) throws Exception {
        Path dir = Files.createTempDirectory("warden-audit-bench");
        return Database.open(backend.equals("sqlite") ? null : BenchDatabases.freshSchema(backend), dir);
    }

    /**
     * A running trail, as a node runs it: a checkpoint every 10,000 events with its Merkle root, the head sealed after
     * every commit, checkpoints and admin heads appended to an anchor file in another directory.
     */
    @State(Scope.Benchmark)
    public static class Trail {
        @Param({"sqlite"})
        public String backend;

        Database database;
        AuditLog log;
        AnchorFile anchors;
        long counter;

        @Setup(Level.Trial)
        public void start() throws Exception {
            database = open(backend);
            KeyPair k = keys();
            byte[] sealKey = new byte[32];
            new java.security.SecureRandom().nextBytes(sealKey);
            anchors = AnchorFile.open(Files.createTempDirectory("warden-audit-anchors"), "eu-west-1");
            AuditIntegrity integrity =
                    new AuditIntegrity("bench-node", new HmacHeadSealer(sealKey), anchors, () -> AnchorLog.EMPTY);
            log = new AuditLog(
                            new AuditStore(database),
                            "eu-west-1",
                            new DigestSigner(k.getPrivate(), k.getPublic()),
                            integrity,
                            new AuditSettings(262_144, 20_000, 10_000, Duration.ofSeconds(60), Duration.ofSeconds(30)),
                            Clock.systemUTC())
                    .start();
        }

        @TearDown(Level.Trial)
        public void stop() {
            log.close();
            anchors.close();
            database.close();
        }
    }

    /** A burst of 10,000 events from the data plane, then a wait until all are committed and signed. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long appendBurstDurable(Trail trail) {
        for (int i = 0; i < BURST; i++) {
            AuditEvent e = event(trail.counter++);
            while (!trail.log.record(e)) {
                Thread.onSpinWait();
            }
        }
        trail.log.flushAndSign();
        return trail.log.appended();
    }

    /** 32 admin threads, each waiting for its own event to be durable: group commit under concurrency. */
    @Benchmark
    @Threads(32)
    public long appendDurableConcurrent(Trail trail) {
        return trail.log.recordDurable(event(System.nanoTime()));
    }

    /** A valid chain of 200,000 events with digests, in memory. */
    @State(Scope.Benchmark)
    public static class Chain {
        List<ChainedEvent> events;
        List<AuditDigest> digests;
        KeyPair keys;

        @Setup(Level.Trial)
        public void build() throws Exception {
            keys = keys();
            DigestSigner signer = new DigestSigner(keys.getPrivate(), keys.getPublic());
            events = new ArrayList<>(VERIFY_EVENTS);
            digests = new ArrayList<>();
            HashChain chain = new HashChain();
            String hash = HashChain.GENESIS;
            AuditDigest last = null;
            for (int i = 1; i <= VERIFY_EVENTS; i++) {
                AuditEvent e = event(i);
                hash = chain.link(hash, e);
                events.add(new ChainedEvent(i, e, hash));
                if (i % 10_000 == 0) {
                    last = signer.sign(new AuditDigest(
                            "eu-west-1",
                            last == null ? 1 : last.digestSeq() + 1,
                            last == null ? 1 : last.toSeq() + 1,
                            i,
                            hash,
                            last == null ? HashChain.GENESIS : last.hash(),
                            i,
                            signer.keyId(),
                            null));
                    digests.add(last);
                }
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(VERIFY_EVENTS)
    public VerificationReport verifyInMemory(Chain chain) {
        VerificationReport report = new ChainVerifier(chain.keys.getPublic(), "eu-west-1", Signatures.preferred())
                .verify(chain.events.iterator(), chain.digests);
        if (!report.intact()) {
            throw new IllegalStateException(report.problems().toString());
        }
        return report;
    }

    /** The same chain stored in the database, verified as {@code warden audit verify} does. */
    @State(Scope.Benchmark)
    public static class StoredChain {
        @Param({"sqlite"})
        public String backend;

        Database database;
        StoredTrailVerifier verifier;

        @Setup(Level.Trial)
        public void fill(Chain chain) throws Exception {
            database = open(backend);
            AuditStore store = new AuditStore(database);
            int d = 0;
            for (int from = 0; from < chain.events.size(); from += 10_000) {
                store.append(chain.events.subList(from, from + 10_000), chain.digests.get(d++));
            }
            verifier = new StoredTrailVerifier(store, chain.keys.getPublic(), Signatures.preferred());
        }

        @TearDown(Level.Trial)
        public void stop() {
            database.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(VERIFY_EVENTS)
    public VerificationReport verifyFromStore(StoredChain stored) {
        VerificationReport report = stored.verifier.verify("eu-west-1", null, null);
        if (!report.intact() || report.eventsChecked() != VERIFY_EVENTS) {
            throw new IllegalStateException(report.problems().toString());
        }
        return report;
    }
}
