package dev.warden.gateway;

import java.security.cert.X509Certificate;

/**
 * Maps a client certificate that TLS has already verified against the trusted CAs to a device identity. Called at
 * every CONNECT, on a worker thread (it may block on a database), so a revoked certificate is refused even when TLS
 * resumed an earlier session. Throwing or returning null refuses the connection.
 */
@FunctionalInterface
public interface DeviceAuthenticator {
    AuthenticationResult authenticate(X509Certificate clientCertificate);

    /**
     * The same decision with the whole chain the client presented (leaf first), which the gateway passes at every
     * CONNECT: an authenticator that must know which CA issued the leaf (not only that TLS trusted it) overrides
     * this one. By default only the leaf counts.
     */
    default AuthenticationResult authenticate(X509Certificate[] presentedChain) {
        return authenticate(presentedChain[0]);
    }
}
