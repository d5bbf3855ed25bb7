/**
 * The detection core of monitoring, pure: metrics and their windows, security profiles and their validation, and the
 * {@link dev.warden.monitor.core.DetectionEngine} that turns observations into alarm transitions.
 *
 * <p>No I/O, no clock, no threads: the caller passes every time and owns the single thread the engine runs on. What
 * it must never do: hold unbounded memory for a target (windows are fixed-size, distinct sets capped), alarm on a
 * learned baseline before it has learned enough, or let a violating sample teach the baseline that an attack is
 * normal.
 */
package dev.warden.monitor.core;
