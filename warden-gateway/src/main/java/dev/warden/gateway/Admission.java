package dev.warden.gateway;

/** The decision {@link ConnectionFirewall#admit} takes on a new TCP connection, before any TLS byte is read. */
public enum Admission {
    ADMITTED,
    /** The source address is in a deny CIDR (deny wins over allow). */
    DENIED_CIDR,
    /** An allow list is configured and the source address is in none of its CIDRs. */
    NOT_ALLOWED_CIDR,
    /** The source address opened connections faster than its token bucket allows. */
    RATE_LIMITED,
    /** The source address already holds the most connections one address may hold. */
    TOO_MANY_CONNECTIONS_FROM_IP,
    /** The source address is banned (failed handshakes or authentications, or an operator's ban). */
    BANNED,
    /** The gateway holds its most connections in total, or the firewall tracks its most addresses. */
    TOO_MANY_CONNECTIONS;

    public boolean admitted() {
        return this == ADMITTED;
    }
}
