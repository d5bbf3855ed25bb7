package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BrokerInboxTest {
    private final DefaultEventLoop io = new DefaultEventLoop();
    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    private final List<Integer> ran = new CopyOnWriteArrayList<>();
    private final BrokerInbox inbox = new BrokerInbox(tasks -> {
        List<Integer> before = List.copyOf(ran);
        tasks.forEach(Runnable::run);
        List<Integer> batch = new ArrayList<>(ran.subList(before.size(), ran.size()));
        batches.add(batch);
    });

    @AfterEach
    void stop() {
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void whatOneRoundSubmitsIsHandedOverOnceAfterTheRoundInOrder() throws Exception {
        io.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        int n = i;
                        inbox.submit(io, () -> ran.add(n));
                    }
                    // Nothing is handed over while the round is still running.
                    assertThat(batches).isEmpty();
                })
                .get(5, TimeUnit.SECONDS);
        io.submit(() -> {}).get(5, TimeUnit.SECONDS);

        assertThat(batches).containsExactly(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    }

    @Test
    void aLongRoundHandsOverEveryMaxBatchTasksWithoutWaitingForItsEnd() throws Exception {
        int total = BrokerInbox.MAX_BATCH * 2 + 3;
        io.submit(() -> {
                    for (int i = 0; i < total; i++) {
                        int n = i;
                        inbox.submit(io, () -> ran.add(n));
                    }
                    assertThat(batches).hasSize(2);
                })
                .get(5, TimeUnit.SECONDS);
        io.submit(() -> {}).get(5, TimeUnit.SECONDS);

        assertThat(batches).extracting(List::size).containsExactly(BrokerInbox.MAX_BATCH, BrokerInbox.MAX_BATCH, 3);
        assertThat(ran).hasSize(total).isSorted();
    }

    @Test
    void aStoppedEventLoopStillHandsTheTaskOver() throws Exception {
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);

        inbox.submit(io, () -> ran.add(1));

        assertThat(ran).containsExactly(1);
    }
}
