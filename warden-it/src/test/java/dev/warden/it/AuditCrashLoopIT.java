package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testkit.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kill -9 of a node, over and over, while admin clients change things in parallel. After each kill, with the node
 * down: every acknowledged change is in the registry and named by an event of the trail; every committed change is
 * named by its intent event (no change without its record); the trail verifies (its unsigned tail allowed). After
 * each restart the node has signed that tail and the trail verifies without the allowance.
 *
 * <p>Cycles: {@code -Dwarden.crashLoop.cycles=N} (default 4 on SQLite; PostgreSQL runs a quarter of them, at least 2),
 * {@code -Dwarden.crashLoop.backends=sqlite} for one backend only, {@code -Dwarden.crashLoop.seed} for the kill moments.
 */
@Tag("postgresql")
class AuditCrashLoopIT {
    private static final int CLIENTS = 4;

    @TempDir
    Path dir;

    static Stream<String> backends() {
        return Stream.of(System.getProperty("warden.crashLoop.backends", "sqlite,postgresql")
                .split(","));
    }

    private static int cycles(String backend) {
        int n = Integer.getInteger("warden.crashLoop.cycles", 4);
        return "sqlite".equals(backend) ? n : Math.max(2, n / 4);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void killNineDuringParallelAdminCallsLosesNothingAndLeavesNothingUnrecorded(String backend) throws Exception {
        String db = "postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null;
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        int cycles = cycles(backend);
        Random random = new Random(Long.getLong("warden.crashLoop.seed", System.nanoTime()));
        CrashLoopClients clients = new CrashLoopClients();
        long maxStartMs = 0;
        long maxCycleMs = 0;
        int checked = 0;
        for (int cycle = 1; cycle <= cycles; cycle++) {
            long cycleStart = System.nanoTime();
            NodeProcess node = NodeProcess.start(dir, data, db);
            maxStartMs = Math.max(maxStartMs, node.startMillis);
            if (cycle > 1) {
                // The node signed the tail the last kill left: the trail verifies without any allowance.
                verify(data, db, false, "cycle " + cycle + " after restart");
            }
            int before = clients.acknowledged.size();
            clients.start(node, data, cycle, CLIENTS);
            assertThat(clients.awaitAcknowledged(before))
                    .as("cycle " + cycle + ": a call acknowledged within 60 s")
                    .isTrue();
            Thread.sleep(random.nextInt(1_000));
            node.kill();
            clients.stopAndJoin();
            String when = "cycle " + cycle + " after kill";
            checked = CrashLoopChecks.read(db, data).assertConsistent(clients.acknowledged, when);
            verify(data, db, true, when);
            long cycleMs = (System.nanoTime() - cycleStart) / 1_000_000;
            maxCycleMs = Math.max(maxCycleMs, cycleMs);
            System.out.printf(
                    "crash loop (%s) cycle %d: %d acknowledged so far, %d changes checked, start %d ms, "
                            + "cycle %d ms%n",
                    backend, cycle, clients.acknowledged.size(), checked, node.startMillis, cycleMs);
        }
        // A last clean start and stop: everything is signed, the trail verifies strictly with the node stopped.
        NodeProcess last = NodeProcess.start(dir, data, db);
        last.stop();
        verify(data, db, false, "after a clean stop");
        CrashLoopChecks.read(db, data).assertConsistent(clients.acknowledged, "after a clean stop");
        System.out.printf(
                "crash loop (%s): %d cycles, %d calls, %d acknowledged, %d refused, %d changes checked, "
                        + "max start %d ms, max cycle %d ms%n",
                backend,
                cycles,
                clients.attempted.get(),
                clients.acknowledged.size(),
                clients.refused.get(),
                checked,
                maxStartMs,
                maxCycleMs);
        assertThat(clients.acknowledged)
                .as("acknowledged calls over all cycles")
                .isNotEmpty();
    }

    private static void verify(Path data, String db, boolean allowUnsignedTail, String when) {
        List<String> args = new ArrayList<>(List.of("audit", "verify", "--data", data.toString()));
        if (db != null) {
            args.addAll(List.of("--db", db));
        }
        if (allowUnsignedTail) {
            args.add("--allow-unsigned-tail");
        }
        NodeHarness.CliResult result = Cli.run(args);
        assertThat(result.exitCode())
                .as(when + ": audit verify\n" + result.out() + result.err())
                .isZero();
    }
}
