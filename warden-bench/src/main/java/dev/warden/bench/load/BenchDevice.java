package dev.warden.bench.load;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One enrolled device: its own key (generated in the harness, only the CSR was sent) and the certificate Warden issued.
 * The same credentials connect to Warden and to Mosquitto, which trusts the same CA.
 *
 * @param name   thing name, also the certificate's CN and the MQTT client ID
 * @param serial certificate serial as the admin API names it (for revocation)
 * @param key    the device's private key
 * @param chain  leaf certificate then the issuing CA, as presented in the TLS handshake
 */
record BenchDevice(String name, String serial, PrivateKey key, List<X509Certificate> chain) {
    BenchDevice {
        chain = List.copyOf(chain);
    }

    String telemetryTopic() {
        return "devices/" + name + "/telemetry";
    }
}
