/**
 * The node's Prometheus metrics, served by the admin API's {@code GET /metrics} ({@code monitor:GetMetrics}): the
 * gateway's connections, messages, denials, refusals, drops and bans, the security monitor's intake, the audit
 * trail's and telemetry writer's counters, and the JVM's memory, GC and threads (Micrometer's binders, under their
 * usual {@code jvm_*} names so that stock dashboards work).
 *
 * <p>Every meter reads counters that already exist, at scrape time: nothing here is on a device's path, and a
 * scrape never waits for the gateway's or the monitor's threads (the monitor publishes its target count itself).
 * Micrometer stays in this package: the API gets the scraped text through a {@code Supplier<String>}.
 */
package dev.warden.node.metrics;
