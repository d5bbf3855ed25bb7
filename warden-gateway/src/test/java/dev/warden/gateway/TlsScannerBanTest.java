package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.testkit.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real TLS scanner ({@code sslscan}) against the gateway's mTLS port from 127.0.0.1, with the default ban policy (10
 * failures in 60 s): every probe is a handshake without a client certificate, a failure. With 127.0.0.0/8 in the
 * exempt CIDRs ({@code mqtt-ban-exempt}) the scanner's host is never banned and a device connects from it right after;
 * without, the scan bans the host and the device is refused.
 */
@Tag("sslscan")
class TlsScannerBanTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void aScannerOnAnExemptAddressIsNeverBannedAndADeviceStillConnectsFromIt() {
        // GIVEN the default ban policy with loopback exempt
        try (GatewayHarness h = gateway(rules().withBanExempt("127.0.0.0/8"))) {
            // WHEN sslscan probes the port
            String report = scan(h);

            // THEN it scanned to the end (a banned scanner gets no answer) with many failed handshakes
            assertThat(report).contains("TLSv1.2   enabled", "TLSv1.3   enabled", "TLS_AES_256_GCM_SHA384");
            assertThat(tlsFailures(h)).isGreaterThan(10);
            // AND no ban was started (nothing for the node to audit) or is listed
            assertThat(h.events.all()).noneMatch(e -> e.startsWith("banned "));
            assertThat(h.gateway.firewall().bans()).isEmpty();
            assertThat(h.gateway.counters().bansStarted()).isZero();
            // AND a device connects from the same address
            Processes.Result published = h.run(h.mosquitto(
                    "mosquitto_pub", "dev-a", "mqttv5", "-t", "devices/dev-a/after-scan", "-m", "ok", "-q", "1"));
            assertThat(published.exitCode()).as(published.output()).isZero();
        }
    }

    @Test
    void withoutTheExemptionTheScanBansItsHostAndADeviceFromItIsRefused() {
        // GIVEN the default ban policy, nothing exempt
        try (GatewayHarness h = gateway(rules())) {
            // WHEN sslscan probes the port
            scan(h);

            // THEN the host is banned (the event the node audits), and listed
            h.events.await(e -> e.startsWith("banned 127.0.0.1 PT1M "), "banned 127.0.0.1", WAIT);
            assertThat(h.gateway.firewall().bans())
                    .singleElement()
                    .satisfies(b -> assertThat(b.reason()).contains("TLS_HANDSHAKE"));
            // AND a device from the same address is refused before TLS
            h.events.clear();
            assertThatThrownBy(() -> h.raw("dev-a")).isInstanceOf(UncheckedIOException.class);
            h.events.await("refused 127.0.0.1 BANNED", WAIT);
        }
    }

    /** The default firewall but for the connection rate, so that every probe reaches the handshake. */
    private static FirewallRules rules() {
        return FirewallRules.defaults().withConnectionRate(new Rate(10_000, 10_000));
    }

    private GatewayHarness gateway(FirewallRules rules) {
        try {
            return new GatewayHarness(
                    Files.createDirectories(dir.resolve("pki")),
                    GatewayLimits.defaults().withMaxPacketSize(64 * 1024).withConnectTimeout(Duration.ofSeconds(2)),
                    rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * sslscan's default scan (protocols, fallback, renegotiation, heartbleed, cipher suites, certificate) but for the
     * enumeration of key exchange groups, which adds connections and nothing here; a 1 s timeout, as a banned scanner
     * waits for answers that do not come. Returns its report.
     */
    private static String scan(GatewayHarness h) {
        return Processes.run(
                        h.dir(),
                        List.of("sslscan", "--no-colour", "--no-groups", "--timeout=1", "127.0.0.1:" + h.port()),
                        60)
                .output();
    }

    private static long tlsFailures(GatewayHarness h) {
        return h.events.all().stream()
                .filter(e -> e.startsWith("tls-failed 127.0.0.1 "))
                .count();
    }
}
