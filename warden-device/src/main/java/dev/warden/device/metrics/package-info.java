/**
 * Device-side metrics for Warden's security monitoring: the
 * {@link dev.warden.device.metrics.DeviceMetricsReporter} collects the device's listening ports, established
 * connections and traffic counters ({@link dev.warden.device.metrics.MetricsCollector#linux()} reads Linux's
 * {@code /proc/net}), adds the caller's custom metrics, and publishes a metrics document (schema version 1.0) on a
 * schedule and on demand, handing the node's accepted and rejected replies to the caller.
 *
 * <p>Parsing {@code /proc} ({@link dev.warden.device.metrics.ProcNet}, {@link dev.warden.device.metrics.HostMetrics})
 * and writing the document ({@link dev.warden.device.metrics.MetricsDocument}) are pure; reading the {@code /proc}
 * files is the only I/O besides MQTT. Addresses are written as IP literals, never resolved. A document never exceeds
 * what the node accepts (8 KiB, 256 entries per list, 32 custom metrics): what does not fit is left out of the
 * lists, never out of the totals.
 */
package dev.warden.device.metrics;
