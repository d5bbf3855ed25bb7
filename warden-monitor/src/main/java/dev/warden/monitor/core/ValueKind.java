package dev.warden.monitor.core;

/**
 * How a metric's window is aggregated and which operators can compare it: numbers (a sum, a maximum, a distinct
 * count or the latest reported value), or sets of addresses or ports (compared with CIDR or port sets).
 */
public enum ValueKind {
    /** Sum of the window's increments. */
    SUM,
    /** Largest single value in the window (e.g. one message's size). */
    MAX,
    /** Number of distinct values seen in the window (topics, client IDs, addresses). */
    DISTINCT,
    /** The latest value a device reported, or computed at each datapoint (disconnect duration). */
    LATEST,
    /** The addresses seen in the window. */
    ADDRESSES,
    /** The ports in the latest report. */
    PORTS;

    boolean numeric() {
        return this == SUM || this == MAX || this == DISTINCT || this == LATEST;
    }
}
