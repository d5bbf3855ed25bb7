package dev.warden.bench.load;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Source addresses for the simulated fleet. Warden's connection firewall keys its limits on the source address (20 new
 * connections a second with a burst of 50, 100 connections per address). A real fleet arrives from many addresses, so
 * each simulated device binds its socket to an address of 127.0.0.0/8 (all of it is local on Linux), at most
 * {@link #PER_ADDRESS} devices per address.
 *
 * <p>Two ways to hand them out. By default an address is never reused during a run: no device is ever throttled, and
 * Mosquitto sees exactly the same connections. {@link #stable()} replays the same addresses in every round instead, so
 * that the i-th device of a round always comes from the same address, as a real device at home does: with monitoring
 * on, a device that reconnects from a second address within 30 s is a shared certificate to the built-in profile,
 * which quarantines it. A round of a stable source connects {@link #PER_ADDRESS} devices per address, well inside the
 * firewall's burst, and the bucket refills between rounds (2 s at least).
 */
final class LoopbackSources {
    /** Well under the firewall's burst of 50, so a whole round can connect at once. */
    static final int PER_ADDRESS = 20;

    /** 127.16.0.1 upwards for rounds; {@link #fresh()} from 127.64.0.1, so the two never meet. */
    private static final int ROUNDS_BASE = 16;

    private static final int FRESH_BASE = 64;

    private final boolean replay;
    private int handedOut;
    private int freshOnes;

    private LoopbackSources(boolean replay) {
        this.replay = replay;
    }

    /** Every address new to the run (GatewayVsMosquitto). */
    LoopbackSources() {
        this(false);
    }

    /** Each round replays the same addresses in the same order. */
    static LoopbackSources stable() {
        return new LoopbackSources(true);
    }

    /** The source address of the next connection. */
    synchronized InetAddress next() {
        return address(ROUNDS_BASE, handedOut++ / PER_ADDRESS);
    }

    /**
     * An address no other connection of the run shares, in one step, so that threads asking at once each get their
     * own (a trial's attacker, say, whose address must be new to the node).
     */
    synchronized InetAddress fresh() {
        return address(FRESH_BASE, freshOnes++);
    }

    /**
     * Starts the next round: on a fresh address, so that a round never shares a token bucket with the previous one,
     * or, for a {@link #stable()} source, on the first address again.
     */
    synchronized void newRound() {
        handedOut = replay ? 0 : ((handedOut + PER_ADDRESS - 1) / PER_ADDRESS) * PER_ADDRESS;
    }

    /** Clear of 127.0.0.1 (where the brokers listen) and of the last octet's 0 and 255. */
    private static InetAddress address(int base, int index) {
        int b = base + index / (254 * 256);
        int c = (index / 254) % 256;
        int d = 1 + index % 254;
        try {
            return InetAddress.getByAddress(new byte[] {127, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
