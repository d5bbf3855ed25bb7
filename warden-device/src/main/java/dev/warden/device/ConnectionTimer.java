package dev.warden.device;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * Times what a device pays before its first byte of application data: the TCP connect and the TLS handshake with the
 * candidate's root (host name checked), as a real connection would. Only a handshake that succeeds counts, so that a
 * region is never chosen for answering fast with the wrong certificate.
 */
final class ConnectionTimer {
    private final Duration timeout;

    ConnectionTimer(Duration timeout) {
        this.timeout = timeout;
    }

    Duration time(NearestRegion.Candidate candidate) {
        URI api = candidate.api();
        int port = api.getPort() > 0 ? api.getPort() : 443;
        SSLContext tls = DeviceTls.context(candidate.root(), null);
        int millis = (int) timeout.toMillis();
        long start = System.nanoTime();
        try (Socket tcp = new Socket()) {
            tcp.connect(new InetSocketAddress(api.getHost(), port), millis);
            tcp.setSoTimeout(millis);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(tcp, api.getHost(), port, false)) {
                socket.setSSLParameters(DeviceTls.clientParameters(tls));
                socket.startHandshake();
                return Duration.ofNanos(System.nanoTime() - start);
            }
        } catch (SocketTimeoutException e) {
            throw new DeviceException(DeviceErrorReason.TIMEOUT, "no TLS handshake with " + api + " in " + timeout, e);
        } catch (SSLException e) {
            throw new DeviceException(
                    DeviceErrorReason.TLS_FAILED, "TLS with " + api + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DeviceException(DeviceErrorReason.CONNECTION_FAILED, "cannot reach " + api, e);
        }
    }
}
