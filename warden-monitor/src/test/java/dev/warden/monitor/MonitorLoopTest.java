package dev.warden.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.monitor.core.AlarmTransition;
import dev.warden.monitor.core.BuiltInProfiles;
import dev.warden.monitor.core.DetectionEngine;
import dev.warden.monitor.core.Metric;
import dev.warden.monitor.core.Observation;
import dev.warden.monitor.core.TargetDirectory;
import dev.warden.monitor.core.TargetKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class MonitorLoopTest {

    @Test
    void observationsHandedOverTogetherCountLikeSingleOnesAndOverflowCountsEachOne() throws Exception {
        DetectionEngine engine = new DetectionEngine(TargetDirectory.NONE);
        engine.install(List.of(BuiltInProfiles.baseline()));
        List<AlarmTransition> seen = new CopyOnWriteArrayList<>();
        TargetKey thing = TargetKey.thing("t1");
        long now = System.currentTimeMillis();
        // Not started: the queue (capacity 2) fills, and a batch that does not fit is dropped whole, counted per item.
        MonitorLoop loop = new MonitorLoop(engine, seen::addAll, Clock.systemUTC(), Duration.ofMillis(100), 2);
        Observation denial = Observation.count(thing, Metric.NUM_AUTHORIZATION_FAILURES, 1, now);
        loop.acceptAll(denial, denial, denial);
        loop.acceptAll(denial, denial, denial);
        loop.acceptAll(denial, denial, denial);
        assertThat(loop.dropped()).isEqualTo(3);
        loop.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // Six denials arrived in two hand-offs: more than 5 in 10 s is the built-in burst.
            assertThat(loop.observed()).isEqualTo(6);
            assertThat(seen).singleElement().satisfies(t -> {
                assertThat(t.key().behaviour()).isEqualTo("authorization-failure-burst");
                assertThat(t.value()).isEqualTo(6);
            });
        } finally {
            loop.close();
        }
    }
}
