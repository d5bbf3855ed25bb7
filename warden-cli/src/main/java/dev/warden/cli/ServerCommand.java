package dev.warden.cli;

import dev.warden.node.WardenNode;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code warden server}: runs the node until interrupted. */
@Command(name = "server", description = "Start the node (initializes the data directory on first start).")
final class ServerCommand implements Callable<Integer> {
    @ParentCommand
    WardenCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        WardenNode node = new WardenNode(parent.options.config(), Clock.systemUTC()).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "warden-shutdown"));
        var out = spec.commandLine().getOut();
        out.printf("Warden node ready (region %s)%n  admin API  https://%s:%d  (credential in %s)%n  public     http://%s:%d%n",
                node.config().region(), node.config().bind(), node.adminPort(),
                node.config().dataDir().resolve("admin-credential"), node.config().bind(), node.publicPort());
        out.flush();
        stopped.await();
        return 0;
    }
}
