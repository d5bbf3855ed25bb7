package dev.warden.monitor.core;

/** A learned baseline as stored, so that what a device taught survives a restart. */
public record BaselineSnapshot(AlarmKey key, long count, double mean, double m2) {}
