package dev.warden.device.metrics;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the text of Linux's {@code /proc/net/tcp}, {@code tcp6}, {@code udp}, {@code udp6} and {@code /proc/net/dev}.
 * Pure: the caller reads the files. Lines that do not parse are skipped (a kernel may add columns; it never removes
 * these). Addresses in the socket tables are hex words in the kernel's byte order, which the caller passes.
 */
public final class ProcNet {
    /** TCP states as {@code include/net/tcp_states.h} numbers them. */
    public static final int TCP_ESTABLISHED = 0x01;

    public static final int TCP_LISTEN = 0x0A;
    /** An unconnected UDP socket, i.e. one that receives from anyone: what "listening" means for UDP. */
    public static final int UDP_UNCONNECTED = 0x07;

    private ProcNet() {}

    /** One row of a socket table. */
    public record Socket(InetAddress local, int localPort, InetAddress remote, int remotePort, int state) {}

    /** An interface's counters since boot, from {@code /proc/net/dev}. */
    public record InterfaceCounters(long bytesIn, long packetsIn, long bytesOut, long packetsOut) {}

    /** The rows of a {@code /proc/net/{tcp,tcp6,udp,udp6}} text. */
    public static List<Socket> sockets(String text, ByteOrder order) {
        List<Socket> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || !f[0].endsWith(":")) {
                continue; // the header, or a blank line
            }
            try {
                String[] local = f[1].split(":");
                String[] remote = f[2].split(":");
                out.add(new Socket(
                        address(local[0], order),
                        Integer.parseInt(local[1], 16),
                        address(remote[0], order),
                        Integer.parseInt(remote[1], 16),
                        Integer.parseInt(f[3], 16)));
            } catch (RuntimeException | UnknownHostException e) {
                // A row this reader does not understand counts as absent, never as an error of the report.
            }
        }
        return out;
    }

    /** A hex address of 8 (IPv4) or 32 (IPv6) digits: 32-bit words, each in {@code order}. */
    static InetAddress address(String hex, ByteOrder order) throws UnknownHostException {
        if (hex.length() != 8 && hex.length() != 32) {
            throw new UnknownHostException("not a /proc address");
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            long v = Long.parseLong(hex.substring(word * 8, word * 8 + 8), 16);
            for (int i = 0; i < 4; i++) {
                int shift = order == ByteOrder.LITTLE_ENDIAN ? 8 * i : 8 * (3 - i);
                bytes[word * 4 + i] = (byte) (v >>> shift);
            }
        }
        // From raw bytes: never a lookup. IPv4-mapped IPv6 comes back as IPv4.
        return InetAddress.getByAddress(bytes);
    }

    /** Each interface's counters, by name, from a {@code /proc/net/dev} text. */
    public static Map<String, InterfaceCounters> interfaces(String text) {
        Map<String, InterfaceCounters> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.contains("|")) {
                continue; // the two header lines
            }
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (f.length < 10) {
                continue;
            }
            try {
                out.put(
                        line.substring(0, colon).trim(),
                        new InterfaceCounters(
                                Long.parseLong(f[0]),
                                Long.parseLong(f[1]),
                                Long.parseLong(f[8]),
                                Long.parseLong(f[9])));
            } catch (NumberFormatException e) {
                // skipped, as above
            }
        }
        return out;
    }
}
