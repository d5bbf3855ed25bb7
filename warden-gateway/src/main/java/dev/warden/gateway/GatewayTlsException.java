package dev.warden.gateway;

/** The gateway's TLS settings cannot be built (bad key, chain or provider). */
public final class GatewayTlsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GatewayTlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
