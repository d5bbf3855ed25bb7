package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.device.CredentialStore;
import dev.warden.device.DeviceClient;
import dev.warden.device.DeviceClientConfig;
import dev.warden.device.DeviceCredentials;
import dev.warden.device.Qos;
import dev.warden.pki.Pem;
import dev.warden.registry.tls.TlsSettings;
import dev.warden.testkit.Processes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Prometheus scrape of a real node: {@code GET /metrics} over HTTPS with a service account's API key reports what
 * the gateway carried and refused, in a text that Prometheus's own {@code promtool} accepts without a lint finding;
 * without a credential it is 401, without {@code monitor:GetMetrics} 403, and every scrape is audited as a read.
 */
@Tag("promtool")
class PrometheusMetricsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METRICS_ARN = "arn:warden:monitor:eu-west-1:default:metrics";

    @TempDir
    Path dir;

    @Test
    void aScrapeReportsTheGatewaysTrafficAndOnlyAnAllowedPrincipalMayScrape() throws Exception {
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), null)) {
            // GIVEN a Prometheus service account allowed monitor:GetMetrics, and one that is not
            String scraper = serviceAccountKey(harness, "prometheus", "monitor:GetMetrics", METRICS_ARN);
            String other = serviceAccountKey(harness, "reporter", "sts:GetCallerIdentity", "*");
            ok(harness.cli(
                    "device", "enroll", "dev-1", "--out", dir.resolve("dev-1").toString()));
            HttpClient https = https(harness);

            X509Certificate root = Pem.parseCertificate(Files.readString(dir.resolve("data/pki/root.crt")));
            DeviceCredentials credentials =
                    CredentialStore.open(dir.resolve("dev-1"), "dev-1").load();
            try (DeviceClient device = DeviceClient.connect(
                    credentials,
                    DeviceClientConfig.of("localhost", harness.node.mqttPort()).withTrustedRoot(root))) {
                // WHEN the device publishes five messages of 10 bytes, and one on another device's topic (denied)
                for (int i = 0; i < 5; i++) {
                    device.publishTelemetry("0123456789".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                            .get(10, TimeUnit.SECONDS);
                }
                try {
                    device.publish("devices/dev-2/telemetry", "abc".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                            .get(10, TimeUnit.SECONDS);
                    throw new AssertionError("a publish on another device's topic was allowed");
                } catch (ExecutionException denied) {
                    // MQTT 5: PUBACK 0x87 Not authorized
                }
                // AND a client sends bytes that are not TLS to the MQTT port
                notTls(harness.node.mqttPort());

                // THEN Prometheus's scrape has the gateway's figures
                String text = awaitScrape(https, harness, scraper, "warden_gateway_tls_handshake_failures_total", 1);
                assertThat(value(text, "warden_gateway_connections")).isEqualTo(1);
                assertThat(value(text, "warden_gateway_connections_accepted_total"))
                        .isEqualTo(1);
                assertThat(value(text, "warden_gateway_messages_in_total")).isEqualTo(6);
                assertThat(value(text, "warden_gateway_payload_in_bytes_total")).isEqualTo(5 * 10 + 3);
                assertThat(value(text, "warden_gateway_authorization_denials_total"))
                        .isEqualTo(1);
                assertThat(value(text, "warden_gateway_authentication_failures_total"))
                        .isZero();
                assertThat(value(text, "warden_gateway_connections_refused_total{reason=\"banned\"}"))
                        .isZero();
                assertThat(value(text, "warden_gateway_messages_dropped_total{reason=\"not-writable\"}"))
                        .isZero();
                assertThat(value(text, "warden_gateway_bans_active")).isZero();
                // AND the monitor's (its first datapoint comes a second after the start), the trail's and the JVM's
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (value(text, "warden_monitor_datapoints_total") == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    text = scrape(https, harness, scraper).body();
                }
                assertThat(value(text, "warden_monitor_datapoints_total")).isPositive();
                assertThat(value(text, "warden_monitor_observations_dropped_total"))
                        .isZero();
                assertThat(text).containsPattern("(?m)^warden_monitor_targets ");
                assertThat(value(text, "warden_audit_events_appended_total")).isPositive();
                assertThat(text).contains("jvm_memory_used_bytes{area=\"heap\"").contains("jvm_gc_");
                // AND incident response's, a fresh node having none
                assertThat(text).contains("warden_incident_open{severity=\"sev1\"} 0.0");
                assertThat(value(text, "warden_incident_opened_total")).isZero();
                assertThat(text).containsPattern("(?m)^warden_incident_deadline_breaches_total ");

                // AND promtool, Prometheus's own checker, parses it and finds nothing to lint
                Path scraped = dir.resolve("scrape.txt");
                Files.writeString(scraped, text);
                Processes.requireTool("promtool");
                Processes.Result check =
                        Processes.run(dir, List.of("sh", "-c", "promtool check metrics < " + scraped), 30);
                assertThat(check.exitCode()).as(check.output()).isZero();
                assertThat(check.output()).isBlank();
            }

            // WHEN the device has gone THEN it is no longer counted as connected, the totals stay
            String after = awaitScrape(https, harness, scraper, "warden_gateway_connections", 0);
            assertThat(value(after, "warden_gateway_connections_accepted_total"))
                    .isEqualTo(1);
            assertThat(value(after, "warden_gateway_messages_in_total")).isEqualTo(6);

            // WHEN a scrape has no credential THEN 401; WHEN its principal may not GetMetrics THEN 403
            HttpResponse<String> anonymous = scrape(https, harness, null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            HttpResponse<String> denied = scrape(https, harness, other);
            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(denied.body()).contains("ACCESS_DENIED").doesNotContain("warden_gateway");

            // AND every scrape is in the trail as a read: its outcome, and no intent recorded before it
            harness.node.audit().log().flushAndSign();
            JsonNode events = JSON.readTree(
                            ok(harness.cli("audit", "query", "--action", "monitor:GetMetrics", "--json"))
                                    .out())
                    .path("events");
            assertThat(events).anySatisfy(e -> {
                assertThat(e.path("result").asText()).isEqualToIgnoringCase("allow");
                assertThat(e.path("resource").asText()).isEqualTo(METRICS_ARN);
                assertThat(e.path("principal").toString()).contains("prometheus");
            });
            assertThat(events).anySatisfy(e -> {
                assertThat(e.path("result").asText()).isEqualToIgnoringCase("deny");
                assertThat(e.path("principal").toString()).contains("reporter");
                assertThat(e.path("details").path("errorCode").asText()).isEqualTo("ACCESS_DENIED");
            });
            assertThat(events)
                    .noneSatisfy(e ->
                            assertThat(e.path("details").path("stage").asText()).isEqualTo("intent"));
        }
    }

    /** A service account whose only policy allows {@code action} on {@code resource}; returns its API key. */
    private String serviceAccountKey(NodeHarness harness, String name, String action, String resource)
            throws IOException {
        Path policy = dir.resolve(name + ".json");
        Files.writeString(policy, """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "Only", "Effect": "Allow", "Action": "%s", "Resource": "%s"}]}
                """.formatted(action, resource));
        ok(harness.cli("policy", "create", name + "-policy", "--file", policy.toString()));
        ok(harness.cli("service-account", "create", name));
        ok(harness.cli("policy", "attach", name + "-policy", "--service", name));
        return ok(harness.cli("service-account", "create-key", name)).out().trim();
    }

    private HttpClient https(NodeHarness harness) throws IOException {
        List<X509Certificate> root = Pem.parseCertificates(Files.readString(harness.dataDir.resolve("pki/root.crt")));
        return HttpClient.newBuilder()
                .sslContext(TlsSettings.clientContext(List.of(root.get(root.size() - 1)), null, null))
                .build();
    }

    private static HttpResponse<String> scrape(HttpClient https, NodeHarness harness, String key)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(harness.adminUrl() + "/metrics"))
                .GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Scrapes until {@code metric} reads {@code expected} (events reach the counters on the gateway's threads). */
    private static String awaitScrape(HttpClient https, NodeHarness harness, String key, String metric, double expected)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            HttpResponse<String> response = scrape(https, harness, key);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("text/plain; version=0.0.4");
            if (value(response.body(), metric) == expected || System.nanoTime() > deadline) {
                assertThat(value(response.body(), metric)).as(metric).isEqualTo(expected);
                return response.body();
            }
            Thread.sleep(100);
        }
    }

    /** The sample {@code series} (a name, with its labels if any) of a scrape. */
    private static double value(String text, String series) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertThat(m.find()).as(series + " in the scrape").isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static void notTls(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            s.setSoTimeout(5_000);
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            try {
                s.getInputStream().read();
            } catch (IOException closed) {
                // the gateway closes (or resets) the connection: expected
            }
        }
    }
}
