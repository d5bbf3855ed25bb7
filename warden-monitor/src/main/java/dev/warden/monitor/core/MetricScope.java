package dev.warden.monitor.core;

/** What a metric is counted per: a thing, a source address, an admin user name, or an admin principal's ARN. */
public enum MetricScope {
    THING,
    SOURCE_IP,
    USER,
    PRINCIPAL
}
