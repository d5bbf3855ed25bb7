package dev.warden.device.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.tuf.version.FirmwareVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * What the device runs and the lowest version it may ever run again, kept in one file written atomically. The
 * minimum only moves up: a write that would lower it is ignored, so a bug or an attacker's replay cannot reopen a
 * rollback.
 */
final class FirmwareState {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    FirmwareState(Path file) {
        this.file = file;
    }

    synchronized Optional<FirmwareVersion> running() {
        return read().map(n -> FirmwareVersion.parse(n.path("running").asText()));
    }

    synchronized FirmwareVersion minimum() {
        return read().map(n -> FirmwareVersion.parse(n.path("minimum").asText()))
                .orElse(FirmwareVersion.parse("0"));
    }

    /** Records {@code running}; the minimum becomes the higher of the stored one and {@code floor}. */
    synchronized void installed(FirmwareVersion running, FirmwareVersion floor) {
        FirmwareVersion minimum = floor.isBelow(minimum()) ? minimum() : floor;
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, JSON.writeValueAsBytes(Map.of("running", running.text(), "minimum", minimum.text())));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<JsonNode> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("the firmware state " + file + " is unreadable", e);
        }
    }
}
