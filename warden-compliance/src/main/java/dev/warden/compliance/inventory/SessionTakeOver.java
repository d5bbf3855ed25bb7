package dev.warden.compliance.inventory;

import java.time.Instant;
import java.util.Optional;

/**
 * A session take-over the gateway recorded: a device connected with a client ID another connection held, and the
 * other connection was closed. Either side may be unknown (an unauthenticated side has no serial).
 */
public record SessionTakeOver(
        Instant at,
        String clientId,
        Optional<String> serial,
        Optional<String> sourceIp,
        Optional<String> previousSerial,
        Optional<String> previousSourceIp) {}
