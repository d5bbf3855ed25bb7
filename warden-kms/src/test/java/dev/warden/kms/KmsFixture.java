package dev.warden.kms;

import dev.warden.kms.masterkey.KdfParameters;
import dev.warden.kms.masterkey.MasterKeyFile;
import dev.warden.storage.Database;
import dev.warden.testkit.MutableClock;
import dev.warden.testkit.PostgresFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Shared set-up: one master key file per region for the whole run (Argon2id is deliberately slow), both backends. */
public final class KmsFixture {
    public static final String REGION = "eu-west-1";
    public static final String OTHER_REGION = "us-east-1";
    public static final Instant START = Instant.parse("2026-11-29T00:00:00Z");
    /** The cheapest parameters {@link KdfParameters} allows, to keep the suite fast; production uses recommended(). */
    public static final KdfParameters FAST_KDF = new KdfParameters(KdfParameters.MIN_MEMORY_KIB, 1, 1);

    private static final Map<String, MasterKey> MASTER_KEYS = new ConcurrentHashMap<>();
    private static final Path KEY_DIR;

    static {
        try {
            KEY_DIR = Files.createTempDirectory("warden-kms-test-keys");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private KmsFixture() {}

    public static Stream<Arguments> backends() {
        return Stream.of(Arguments.of("sqlite"), Arguments.of("postgresql"));
    }

    public static Database open(String backend, Path dataDir) {
        return Database.open("postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null, dataDir);
    }

    public static MasterKey masterKey(String region) {
        return MASTER_KEYS.computeIfAbsent(
                region,
                r -> MasterKeyFile.create(
                        KEY_DIR.resolve(r + ".key"), r, "correct horse battery staple".toCharArray(), FAST_KDF));
    }

    public static KeyManagementService kms(Database db, String region, MutableClock clock, KmsEvents events) {
        return new KeyManagementService(db, masterKey(region), region, clock, events);
    }

    /** Collects events for assertions. */
    static final class RecordedEvents implements KmsEvents {
        final List<KmsEvent> events = new ArrayList<>();

        @Override
        public synchronized void record(KmsEvent event) {
            events.add(event);
        }

        synchronized List<KmsEvent> snapshot() {
            return List.copyOf(events);
        }
    }
}
