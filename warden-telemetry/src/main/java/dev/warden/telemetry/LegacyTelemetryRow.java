package dev.warden.telemetry;

/**
 * A telemetry row written before segments (one row per message, table {@code telemetry}): still read, expired and
 * erased, never written. Its payload is only in {@code ciphertextBase64}, bound to every other field.
 */
record LegacyTelemetryRow(
        String id,
        String region,
        String thing,
        long receivedAtMillis,
        long seq,
        String topic,
        String ciphertextBase64) {}
