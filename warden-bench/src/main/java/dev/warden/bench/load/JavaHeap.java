package dev.warden.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live heap of another JVM, through {@code jcmd}: a full GC first, so that the figure is what the connections keep
 * alive and not garbage waiting for the next collection. RSS alone says little for a JVM, whose heap grows in steps.
 */
final class JavaHeap {
    /**
     * One line per heap (G1: "garbage-first heap total ..K, used ..K") or per generation (Serial, Parallel: young and
     * old), summed; metaspace lines read "used ..K, committed" and do not match. Shenandoah's one line ends
     * "..M committed, ..K used", in bytes, K, M or G: HotSpot picks the unit by the size.
     */
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K|committed, (\\d+)([BKMG]) used");

    private JavaHeap() {}

    static long liveBytes(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        return usedBytes(jcmd(pid, "GC.heap_info"), pid);
    }

    /** The heap's used bytes in the output of {@code jcmd <pid> GC.heap_info}. */
    static long usedBytes(String heapInfo, long pid) {
        Matcher used = USED.matcher(heapInfo);
        long bytes = 0;
        boolean found = false;
        while (used.find()) {
            bytes += used.group(1) != null
                    ? Long.parseLong(used.group(1)) * 1024
                    : Long.parseLong(used.group(2)) << shift(used.group(3));
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("no heap figure in jcmd's GC.heap_info of " + pid);
        }
        return bytes;
    }

    private static int shift(String unit) {
        return switch (unit) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 0;
        };
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid), command)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + output);
        }
        return output;
    }
}
