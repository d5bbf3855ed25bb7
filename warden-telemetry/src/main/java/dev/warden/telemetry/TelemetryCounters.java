package dev.warden.telemetry;

/**
 * The recorder's counters since the node started; every accepted device message ends in exactly one of them once
 * the queue is drained: {@code stored}, {@code dropped} (queue full), {@code refused} (the thing's data key was
 * destroyed) or {@code failed} (storage error).
 */
public record TelemetryCounters(long accepted, long stored, long dropped, long refused, long failed) {}
