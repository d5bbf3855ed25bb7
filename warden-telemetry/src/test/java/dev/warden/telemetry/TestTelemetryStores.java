package dev.warden.telemetry;

import dev.warden.kms.KeyManagementService;
import dev.warden.kms.masterkey.MasterKeyFile;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.time.Clock;

/** The telemetry tests' store: a real KMS with its master key file in {@code dir}, on {@code database}. */
final class TestTelemetryStores {

    private TestTelemetryStores() {}

    static TelemetryStore open(Database database, Path dir) {
        KeyManagementService kms = new KeyManagementService(
                database,
                MasterKeyFile.create(dir.resolve("master.key"), "eu-west-1", "test passphrase".toCharArray()),
                "eu-west-1",
                Clock.systemUTC());
        kms.createKey("default", "default", "telemetry test key");
        return new TelemetryStore(database, kms, "default", Clock.systemUTC());
    }
}
