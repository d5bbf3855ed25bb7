package dev.warden.device.metrics;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Where a {@link DeviceMetricsReporter} takes the device's network state from at each report. */
@FunctionalInterface
public interface MetricsCollector {
    /** Nothing: a report then holds only custom metrics (and empty port and connection lists). */
    MetricsCollector NONE = () -> HostMetrics.EMPTY;

    HostMetrics collect();

    /** The real state of this Linux host, from {@code /proc/net}. */
    static MetricsCollector linux() {
        return linux(Path.of("/proc/net"));
    }

    /**
     * From the {@code tcp}, {@code tcp6}, {@code udp}, {@code udp6} and {@code dev} files under {@code procNet}; a
     * missing file (no IPv6, not Linux) counts as empty. Reading these files is this SDK's only I/O for metrics.
     */
    static MetricsCollector linux(Path procNet) {
        return () -> HostMetrics.fromProc(
                read(procNet.resolve("tcp")),
                read(procNet.resolve("tcp6")),
                read(procNet.resolve("udp")),
                read(procNet.resolve("udp6")),
                read(procNet.resolve("dev")),
                ByteOrder.nativeOrder());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }
}
