package dev.warden.gateway;

import java.net.InetAddress;
import java.time.Duration;

/**
 * One active ban, as operators see it.
 *
 * @param target    what is banned: an address, a client ID or a thing
 * @param remaining time until the ban expires
 * @param banCount  automatic bans of this target so far, this one included (the next one lasts twice as long); 0
 *                  for an operator's ban
 * @param reason    why: {@code "10 failures (last: TLS_HANDSHAKE) within PT1M"} for automatic bans, the
 *                  operator's text otherwise
 * @param manual    set by an operator (and kept across restarts by the node), not by the failure count
 */
public record Ban(BanTarget target, Duration remaining, int banCount, String reason, boolean manual) {

    /** The banned address of an {@link BanTarget.Kind#IP} ban, else null. */
    public InetAddress address() {
        return target.kind() == BanTarget.Kind.IP ? Cidr.parse(target.value()).network() : null;
    }
}
