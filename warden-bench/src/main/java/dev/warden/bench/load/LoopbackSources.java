package dev.warden.bench.load;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Source addresses for the simulated fleet. Warden's connection firewall keys its limits on the source address (20 new
 * connections a second with a burst of 50, 100 connections per address) and the node offers no setting to relax them.
 * A real fleet arrives from many addresses, so each simulated device binds its socket to an address of 127.0.0.0/8
 * (all of it is local on Linux), at most {@link #PER_ADDRESS} devices per address, and an address is never reused
 * during a run: no device is ever throttled, and Mosquitto sees exactly the same connections.
 */
final class LoopbackSources {
    /** Well under the firewall's burst of 50, so a whole round can connect at once. */
    static final int PER_ADDRESS = 20;

    private int handedOut;

    /** The source address of the next connection. */
    synchronized InetAddress next() {
        int index = handedOut++ / PER_ADDRESS;
        // 127.16.0.1 upwards: clear of 127.0.0.1 (where the brokers listen) and of the last octet's 0 and 255.
        int b = 16 + index / (254 * 256);
        int c = (index / 254) % 256;
        int d = 1 + index % 254;
        try {
            return InetAddress.getByAddress(new byte[] {127, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An address no other connection of the run shares, in one step, so that threads asking at once each get their
     * own (a trial's attacker, say, whose address must be new to the node).
     */
    synchronized InetAddress fresh() {
        newRound();
        InetAddress address = next();
        newRound();
        return address;
    }

    /** Starts the next round on a fresh address, so that a round never shares a token bucket with the previous one. */
    synchronized void newRound() {
        handedOut = ((handedOut + PER_ADDRESS - 1) / PER_ADDRESS) * PER_ADDRESS;
    }
}
