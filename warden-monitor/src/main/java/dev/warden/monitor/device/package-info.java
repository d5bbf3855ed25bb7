/**
 * Device-side metrics: the metrics document devices publish on
 * {@code $warden/things/<thingName>/defender/metrics/json} (schema version 1.0, the JSON Schema in
 * {@code device-metrics-1.0.schema.json} beside these classes), its validation, the per-thing report order, and the
 * {@link dev.warden.monitor.device.DeviceMetricsListener} that plugs into the gateway as a
 * {@link dev.warden.gateway.PublishListener}, replies to the reporting client only, and feeds accepted reports to
 * the monitor as observations.
 *
 * <p>Trust boundary: everything in a document is the device's word. It is size-limited (8 KiB, 256 ports, 256
 * connections, 32 custom metrics), checked field by field with no unknown field allowed, and its addresses are IP
 * literals read by hand: nothing here ever resolves a name or opens a connection. What it must never do: block the
 * broker's thread, let a bad document cost more than its own rejection, or accept a report on another thing's topic.
 */
package dev.warden.monitor.device;
