package dev.warden.telemetry;

/**
 * What {@link TelemetryStore#erase} did: the thing's data key is destroyed in any case (so copies of its records
 * elsewhere are unreadable); {@code messagesDeleted} stored messages and {@code wrappedKeysDeleted} stored key wrappings were removed.
 */
public record ThingErasure(String thing, String owner, int messagesDeleted, int wrappedKeysDeleted) {}
