package dev.warden.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for what another thread or node does, polled, with the wait's purpose in the failure. */
final class Waits {
    private Waits() {}

    static void until(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + within.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }
}
