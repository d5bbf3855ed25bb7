package dev.warden.gateway;

import java.net.InetAddress;
import java.time.Duration;

/**
 * One active ban, as operators see it.
 *
 * @param address   the banned source address
 * @param remaining time until the ban expires
 * @param banCount  bans of this address so far, this one included (the next automatic ban lasts twice as long)
 * @param reason    why: {@code "failed TLS_HANDSHAKE"}-style for automatic bans, {@code "operator"} otherwise
 */
public record IpBan(InetAddress address, Duration remaining, int banCount, String reason) {
}
