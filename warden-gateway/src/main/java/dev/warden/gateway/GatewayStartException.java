package dev.warden.gateway;

/** The gateway could not start (typically: the port is in use). */
public final class GatewayStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GatewayStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
