package dev.warden.bench;

import com.google.crypto.tink.Aead;
import dev.warden.kms.EncryptionContext;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.MasterKey;
import dev.warden.kms.masterkey.MasterKeyFile;
import dev.warden.storage.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Encryption at rest as the node does it: AES-256-GCM (Tink) under a per-owner data key from the regional KMS,
 * with associated data binding each record, for 64 KiB records and 256-byte telemetry messages; plus a full KMS
 * encrypt call (key lookup, envelope, event) for comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KmsBenchmark {
    private Database database;
    private KeyManagementService kms;
    private Aead dataKey;
    private byte[] record64k;
    private byte[] message256;
    private byte[] sealed64k;
    private byte[] aad;

    @Setup(Level.Trial)
    public void start() throws Exception {
        Path dir = Files.createTempDirectory("warden-kms-bench");
        database = Database.open(null, dir);
        MasterKey master =
                MasterKeyFile.create(dir.resolve("master.key"), "eu-west-1", "benchmark passphrase".toCharArray());
        kms = new KeyManagementService(database, master, "eu-west-1", Clock.systemUTC());
        kms.createKey("default", "bench", "benchmark key");
        dataKey = kms.generateDataKey("bench", new EncryptionContext("thing/sensor-1", "bench"))
                .aead();
        record64k = new byte[64 * 1024];
        message256 = new byte[256];
        ThreadLocalRandom.current().nextBytes(record64k);
        ThreadLocalRandom.current().nextBytes(message256);
        aad = "eu-west-1|thing/sensor-1|record-42".getBytes(StandardCharsets.UTF_8);
        sealed64k = dataKey.encrypt(record64k, aad);
    }

    @TearDown(Level.Trial)
    public void stop() {
        database.close();
    }

    /** Multiply ops/s by 65,536 for bytes/s. */
    @Benchmark
    public byte[] encrypt64KiB() throws GeneralSecurityException {
        return dataKey.encrypt(record64k, aad);
    }

    @Benchmark
    public byte[] decrypt64KiB() throws GeneralSecurityException {
        return dataKey.decrypt(sealed64k, aad);
    }

    @Benchmark
    public byte[] encrypt256B() throws GeneralSecurityException {
        return dataKey.encrypt(message256, aad);
    }

    /** The general KMS call: resolves the key and the owner's data key, envelopes, reports the event. */
    @Benchmark
    public byte[] kmsEncrypt256B() {
        return kms.encrypt("bench", new EncryptionContext("thing/sensor-1", "r"), message256);
    }
}
