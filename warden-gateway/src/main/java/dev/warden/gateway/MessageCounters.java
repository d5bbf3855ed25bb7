package dev.warden.gateway;

/** What one connection exchanged, reported when it ends. Payload bytes only, protocol overhead excluded. */
public record MessageCounters(long messagesIn, long bytesIn, long messagesOut, long bytesOut) {}
