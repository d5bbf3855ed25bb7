package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.node.NodeLayout;
import dev.warden.node.WardenNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code warden server}: runs the node until interrupted. */
@Command(name = "server", description = "Start the node (initializes the data directory on first start).")
final class ServerCommand implements Callable<Integer> {
    @ParentCommand
    WardenCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    KeyOptions keyOptions;

    @Mixin
    ServerOptions serverOptions;

    @Override
    public Integer call() throws Exception {
        WardenNode node = new WardenNode(parent.options.config(keyOptions, serverOptions), Clock.systemUTC()).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            node.close();
                            stopped.countDown();
                        },
                        "warden-shutdown"));
        printReady(spec.commandLine().getOut(), node);
        stopped.await();
        return 0;
    }

    /** The last line at start, with what endpoints.json holds (where the CLI and tools find this node). */
    private static void printReady(PrintWriter out, WardenNode node) {
        NodeLayout layout = new NodeLayout(node.config().dataDir());
        JsonNode endpoints;
        try {
            endpoints = new ObjectMapper().readTree(layout.endpointsFile().toFile());
        } catch (IOException e) {
            endpoints = new ObjectMapper().createObjectNode();
        }
        out.printf("Warden node ready (region %s)%n", node.config().region());
        out.printf(
                "  admin API  %s  (credential in %s)%n",
                endpoints.path("admin").asText("https://" + node.config().bind() + ":" + node.adminPort()),
                layout.adminCredential());
        out.printf(
                "  public     %s%n",
                endpoints.path("public").asText("http://" + node.config().bind() + ":" + node.publicPort()));
        out.printf(
                "  mqtt       %s%n",
                endpoints.path("mqtt").asText("mqtts://" + node.config().bind() + ":" + node.mqttPort()));
        out.printf("  (written to %s)%n", layout.endpointsFile());
        out.flush();
    }
}
