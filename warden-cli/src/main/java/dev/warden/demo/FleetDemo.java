package dev.warden.demo;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import dev.warden.node.WardenNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Sections 1 and 2 of the demo: a fleet provisioned by claim (a template, a claim certificate shared by the factory,
 * each device's own key and certificate), then live telemetry from every device to a dashboard application.
 */
final class FleetDemo {
    /** What section 2 leaves running: the connected devices, and the telemetry sent and received. */
    record Telemetry(Map<String, DemoDevice> devices, long sent, LongAdder received) {}

    private final DemoConsole console;
    private final Function<String[], String> cli;
    private final WardenNode node;
    private final Path work;
    private final Path rootCa;

    FleetDemo(DemoConsole console, Function<String[], String> cli, WardenNode node, Path work, Path rootCa) {
        this.console = console;
        this.cli = cli;
        this.node = node;
        this.work = work;
        this.rootCa = rootCa;
    }

    /** Section 1: a provisioning template, a claim certificate, and the devices provisioned through them. */
    List<String> provision(int count) {
        console.title("1. Fleet provisioning by claim");
        cli("template", "create", "demo-sensors", "--pattern", "sensor-*", "--type", "sensor", "--attr", "site=lyon");
        cli(
                "claim",
                "create",
                "factory",
                "--template",
                "demo-sensors",
                "--out",
                work.resolve("claim").toString());
        console.ok("template demo-sensors and a claim certificate shared by the factory");
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = String.format("sensor-%02d", i);
            cli(
                    "device",
                    "provision",
                    name,
                    "--template",
                    "demo-sensors",
                    "--claim-dir",
                    work.resolve("claim").toString(),
                    "--claim",
                    "factory",
                    "--out",
                    work.resolve(name).toString());
            names.add(name);
            console.progress(
                    "provisioned " + i + "/" + count
                            + " devices, each with its own key (generated on the device) and certificate",
                    i == count);
        }
        return names;
    }

    /** Section 2: a dashboard application subscribes, the devices connect and publish for {@code duration}. */
    Telemetry liveTelemetry(List<String> names, Duration duration, List<DemoDevice> connected) throws Exception {
        console.title("2. Live telemetry to a dashboard application");
        LongAdder received = dashboard(connected);
        Map<String, DemoDevice> devices = new LinkedHashMap<>();
        for (String name : names) {
            DemoDevice device = DemoDevice.of(name, work.resolve(name), node.mqttPort(), rootCa);
            device.connect();
            connected.add(device);
            devices.put(name, device);
        }
        console.ok(devices.size() + " devices connected over mutual TLS; dashboard subscribed to devices/+/telemetry");
        long sent = 0;
        long end = System.nanoTime() + duration.toNanos();
        int round = 0;
        while (System.nanoTime() < end) {
            for (DemoDevice device : devices.values()) {
                device.publish(
                        "devices/" + device.thing + "/telemetry",
                        "{\"temperature\":" + (18 + (round + device.thing.hashCode()) % 7) + ",\"seq\":" + round + "}");
                sent++;
            }
            round++;
            console.progress(
                    "telemetry: " + sent + " messages sent (QoS 1), " + received.sum() + " received by the dashboard",
                    false);
            Thread.sleep(200);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (received.sum() < sent && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        console.progress(
                "telemetry: " + sent + " messages sent (QoS 1), " + received.sum() + " received by the dashboard",
                true);
        return new Telemetry(devices, sent, received);
    }

    /** The dashboard: its own thing and policy, subscribed to every device's telemetry; counts what it receives. */
    private LongAdder dashboard(List<DemoDevice> connected) throws Exception {
        cli("device", "enroll", "dashboard", "--out", work.resolve("dashboard").toString());
        Path policy = work.resolve("dashboard-reader.json");
        Files.writeString(policy, """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "arn:warden:iot:%1$s:default:topicfilter/devices/+/telemetry"},
                  {"Effect": "Allow", "Action": "iot:Receive", "Resource": "arn:warden:iot:%1$s:default:topic/devices/*/telemetry"}]}
                """.formatted(node.config().region()));
        cli("policy", "create", "dashboard-reader", "--file", policy.toString());
        cli("policy", "attach", "dashboard-reader", "--thing", "dashboard");
        DemoDevice dashboard = DemoDevice.of("dashboard", work.resolve("dashboard"), node.mqttPort(), rootCa);
        dashboard.connect();
        connected.add(dashboard);
        LongAdder received = new LongAdder();
        dashboard
                .client
                .toAsync()
                .subscribeWith()
                .topicFilter("devices/+/telemetry")
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> received.increment())
                .send()
                .get(10, TimeUnit.SECONDS);
        return received;
    }

    private String cli(String... args) {
        return cli.apply(args);
    }
}
