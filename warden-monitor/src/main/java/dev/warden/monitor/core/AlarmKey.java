package dev.warden.monitor.core;

/** One alarm's identity: a profile's behaviour violated by one target. */
public record AlarmKey(String profile, String behaviour, TargetKey target) {}
