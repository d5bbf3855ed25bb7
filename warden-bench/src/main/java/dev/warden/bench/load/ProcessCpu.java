package dev.warden.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used (user + system), from {@code /proc/PID/stat} (Linux only). On a shared machine the
 * wall-clock rate of a round depends on who else runs; the CPU a broker spent per connection does much less.
 */
final class ProcessCpu {
    /** USER_HZ: the unit of utime and stime, 100 on every Linux architecture Warden runs on. */
    private static final double MILLIS_PER_TICK = 10.0;

    private ProcessCpu() {}

    /** utime + stime in milliseconds. */
    static double millis(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stat of process " + pid, e);
        }
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis start at field 3.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) * MILLIS_PER_TICK;
    }
}
