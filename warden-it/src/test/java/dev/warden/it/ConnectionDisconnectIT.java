package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ending a device's live connection, as AWS IoT's DeleteConnection: by the CLI ({@code DELETE /connections/<id>},
 * {@code iot:DeleteConnection}) and from the device's console page, each seen by the HiveMQ client as DISCONNECT
 * 0x98 Administrative action and audited; a client ID with no connection is 404 {@code CONNECTION_NOT_FOUND}, and the
 * device may connect again (nothing is banned).
 */
@Tag("openssl")
class ConnectionDisconnectIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_-]+)\"");

    @TempDir
    Path dir;

    @Test
    void anOperatorEndsADevicesConnectionAndItMayConnectAgain() throws Exception {
        try (NodeHarness node = new NodeHarness(dir.resolve("data"), null)) {
            ok(node.cli(
                    "device", "enroll", "pump-1", "--out", dir.resolve("dev").toString()));

            // WHEN the operator ends pump-1's connection with the CLI THEN the device hears 0x98, and it is audited
            CompletableFuture<Mqtt5DisconnectReasonCode> heard = new CompletableFuture<>();
            connect(node, heard);
            assertThat(ok(node.cli("gateway", "disconnect", "pump-1")).out()).contains("Disconnected pump-1");
            assertThat(heard.get(10, TimeUnit.SECONDS)).isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION);
            JsonNode events = JSON.readTree(ok(node.cli("audit", "query", "--action", "iot:DeleteConnection", "--json"))
                            .out())
                    .path("events");
            assertThat(events).anySatisfy(e -> {
                assertThat(e.path("result").asText()).isEqualTo("ALLOW");
                assertThat(e.path("resource").asText()).isEqualTo("arn:warden:iot:eu-west-1:default:client/pump-1");
            });
            // AND a client ID with no connection is refused with its reason
            NodeHarness.CliResult none = node.cli("gateway", "disconnect", "pump-1");
            assertThat(none.exitCode()).isNotZero();
            assertThat(none.err()).contains("CONNECTION_NOT_FOUND");

            // WHEN it connects again (nothing was banned) and an operator ends it from its console page
            heard = new CompletableFuture<>();
            connect(node, heard);
            ConsoleCurl console = operator(node);
            ConsoleCurl.SignIn signIn = console.signIn("ops", "ops.crt", "ops.key");
            assertThat(signIn.status()).isEqualTo("303");
            String page = console.get("/console/devices/pump-1", signIn.session());
            assertThat(page).startsWith("200\n").contains("disconnect-pump-1", "<th scope=\"col\">Since</th>");
            assertThat(page).containsPattern("<td>pump-1</td><td>127\\.0\\.0\\.1</td><td>20\\d\\d-");
            Matcher csrf = CSRF.matcher(page);
            assertThat(csrf.find()).isTrue();
            String posted = console.run(List.of(
                    "curl",
                    "-sS",
                    "--cacert",
                    dir.resolve("data/pki/root.crt").toString(),
                    "-H",
                    "Cookie: " + ConsoleCurl.SESSION_COOKIE + "=" + signIn.session(),
                    "-H",
                    "Origin: " + node.adminUrl(),
                    "--data-urlencode",
                    "csrf=" + csrf.group(1),
                    "--data-urlencode",
                    "confirm=yes",
                    "-o",
                    "/dev/null",
                    "-w",
                    "%{http_code} %{redirect_url}",
                    node.adminUrl() + "/console/devices/pump-1/sessions/pump-1/disconnect"));

            // THEN the same: 0x98 at the device, and the console's own audit event
            assertThat(posted).startsWith("303 ").contains("disconnected=pump-1");
            assertThat(heard.get(10, TimeUnit.SECONDS)).isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION);
            JsonNode fromConsole = JSON.readTree(
                            ok(node.cli("audit", "query", "--action", "iot:DeleteConnection", "--json"))
                                    .out())
                    .path("events");
            assertThat(fromConsole).anySatisfy(e -> {
                assertThat(e.path("principal").path("id").asText()).isEqualTo("ops");
                assertThat(e.path("details").path("source").asText()).isEqualTo("console");
            });
        }
    }

    /** pump-1 connected over MQTT 5 (HiveMQ client); {@code heard} completes with the reason of its disconnection. */
    private void connect(NodeHarness node, CompletableFuture<Mqtt5DisconnectReasonCode> heard) throws Exception {
        Mqtt5AsyncClient device = TestDevices.mqtt5(
                        dir.resolve("dev"), "pump-1", dir.resolve("data/pki/root.crt"), node.node.mqttPort(), null)
                .addDisconnectedListener(context -> {
                    if (context.getCause() instanceof Mqtt5DisconnectException disconnect) {
                        heard.complete(disconnect.getMqttMessage().getReasonCode());
                    } else {
                        heard.completeExceptionally(context.getCause());
                    }
                })
                .buildAsync();
        device.connect().get(10, TimeUnit.SECONDS);
    }

    /** A console operator who may read the device and end its connections, signed in with a client certificate. */
    private ConsoleCurl operator(NodeHarness node) throws Exception {
        Files.writeString(dir.resolve("pw"), "correct horse battery staple\n");
        ok(node.cli(
                "user", "create", "ops", "--password-file", dir.resolve("pw").toString()));
        Files.writeString(dir.resolve("ops.json"), """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": ["sts:GetCallerIdentity", "sts:Logout", "warden:DescribeThing",
                   "iot:DeleteConnection"], "Resource": "*"}]}
                """);
        ok(node.cli(
                "policy",
                "create",
                "ops-console",
                "--file",
                dir.resolve("ops.json").toString()));
        ok(node.cli("policy", "attach", "ops-console", "--user", "ops"));
        ConsoleCurl console = new ConsoleCurl(dir, node.adminUrl(), dir.resolve("data/pki/root.crt"));
        console.run(List.of("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ops.key"));
        console.run(List.of("openssl", "req", "-new", "-key", "ops.key", "-subj", "/CN=ops", "-out", "ops.csr"));
        ok(node.cli(
                "user",
                "cert",
                "ops",
                "--csr",
                dir.resolve("ops.csr").toString(),
                "--out",
                dir.resolve("ops.crt").toString()));
        return console;
    }
}
