package dev.warden.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The attacker of a drill, acting on the live node as a real one would, through its public doors only: a device's
 * key and certificate used from a second host, a stolen password used to probe the admin API. Each returns once the
 * attack is made; detecting it is the node's business.
 */
final class DrillAttacker {
    /**
     * Where the device and the attacker connect from: loopback addresses of their own, new for each drill, so that a
     * ban of the shared 127.0.0.1 (the demo's connection flood earns one), or of an earlier drill's addresses (the
     * firewall bans an address after repeated refused handshakes, and each drill's revoked device is one), neither
     * stops the drill nor is mistaken for its containment.
     */
    private final String deviceAddress;

    private final String attackerAddress;
    private final int mqttPort;
    private final String adminUrl;
    private final Path rootCa;

    DrillAttacker(int mqttPort, String adminUrl, Path rootCa) {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        String net = "127." + random.nextInt(1, 255) + "." + random.nextInt(1, 255) + ".";
        this.deviceAddress = net + "10";
        this.attackerAddress = net + "11";
        this.mqttPort = mqttPort;
        this.adminUrl = adminUrl;
        this.rootCa = rootCa;
    }

    /**
     * The device's key and certificate, copied, used from a second address while the device is connected:
     * the copy takes the session over, the device takes it back. Returns the device, connected again.
     */
    DemoDevice shareCertificate(String thing, Path dir) throws Exception {
        DemoDevice device = DemoDevice.from(thing, dir, mqttPort, rootCa, deviceAddress);
        device.connect();
        try (DemoDevice copy = DemoDevice.from(thing, dir, mqttPort, rootCa, attackerAddress)) {
            copy.connect();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (device.client.getState().isConnected() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            device.connect();
        }
        return device;
    }

    /** Whether the device can still connect (a revoked certificate is refused at the handshake). */
    boolean canConnect(String thing, Path dir) throws Exception {
        try (DemoDevice again = DemoDevice.from(thing, dir, mqttPort, rootCa, deviceAddress)) {
            again.connect();
            return true;
        } catch (RuntimeException refused) {
            return false;
        }
    }

    /** Logs in with a stolen password; returns the access token. */
    String login(String user, String password) throws Exception {
        HttpResponse<String> r =
                send("POST", "/auth/login", null, "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the drill's login was refused: HTTP " + r.statusCode());
        }
        String body = r.body();
        int at = body.indexOf("\"accessToken\":\"") + 15;
        return body.substring(at, body.indexOf('"', at));
    }

    /** Calls what the credential may not: each is refused (403) and counted by monitoring. Returns the statuses. */
    int probe(String token, int calls) throws Exception {
        int refused = 0;
        String[] paths = {"/users", "/kms/keys", "/audit/events", "/things", "/incidents"};
        for (int i = 0; i < calls; i++) {
            if (send("GET", paths[i % paths.length], token, null).statusCode() == 403) {
                refused++;
            }
        }
        return refused;
    }

    /** The status an admin call with {@code token} gets now. */
    int status(String token) throws Exception {
        return send("GET", "/whoami", token, null).statusCode();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().sslContext(RootTrust.context(rootCa)).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(adminUrl + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
