package dev.warden.compliance.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.inventory.RegionIamView;
import dev.warden.compliance.store.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The watch asks for a run of REGION_IAM_STALE when, and only when, the check's answer changes. */
class RegionIamWatchTest {
    private static final Duration BOUND = Duration.ofSeconds(60);

    private RegionIamView replica = RegionIamView.NOT_A_MEMBER;
    private final List<Set<CheckId>> asked = new ArrayList<>();
    private CompletableFuture<RunOutcome> next;

    private final RegionIamWatch watch = new RegionIamWatch(() -> replica, BOUND, (checks, trigger) -> {
        assertThat(trigger).isEqualTo("scheduled");
        asked.add(checks);
        return next != null ? next : CompletableFuture.completedFuture(outcome(List.of()));
    });

    private static RegionIamView member(Duration staleness) {
        return new RegionIamView(true, "us-east-1", staleness.isZero(), staleness, Instant.EPOCH, 0, Optional.empty());
    }

    private static RunOutcome outcome(List<CheckId> failed) {
        return new RunOutcome(
                new RunRecord(
                        1,
                        Instant.EPOCH,
                        "scheduled",
                        List.of(CheckId.REGION_IAM_STALE),
                        failed,
                        Duration.ZERO,
                        0,
                        0,
                        Map.of()),
                List.of(),
                List.of());
    }

    @Test
    void aNodeThatIsNotAMemberNeverAsks() {
        for (int i = 0; i < 5; i++) {
            watch.run();
        }
        assertThat(asked).isEmpty();
    }

    @Test
    void asksOnceAsTheCopyCrossesTheBoundAndOnceAsItCatchesUp() {
        replica = member(Duration.ZERO);
        watch.run();
        replica = member(Duration.ofSeconds(30));
        watch.run();
        assertThat(asked).isEmpty();

        replica = member(Duration.ofSeconds(61));
        watch.run();
        replica = member(Duration.ofSeconds(90));
        watch.run();
        assertThat(asked).containsExactly(Set.of(CheckId.REGION_IAM_STALE));

        replica = member(Duration.ZERO);
        watch.run();
        watch.run();
        assertThat(asked).hasSize(2);
    }

    @Test
    void aRunThatDidNotWriteIsAskedForAgainAtTheNextSample() {
        replica = member(Duration.ofSeconds(61));
        next = CompletableFuture.completedFuture(outcome(List.of(CheckId.REGION_IAM_STALE)));
        watch.run();
        next = CompletableFuture.failedFuture(new IllegalStateException("closing"));
        watch.run();
        next = null;
        watch.run();
        watch.run();
        assertThat(asked).hasSize(3);
    }

    @Test
    void aSampleThatFailsAsksForNothing() {
        RegionIamWatch failing = new RegionIamWatch(
                () -> {
                    throw new IllegalStateException("left the deployment under the sample");
                },
                BOUND,
                (checks, trigger) -> {
                    asked.add(checks);
                    return CompletableFuture.completedFuture(outcome(List.of()));
                });
        failing.run();
        assertThat(asked).isEmpty();
    }

    @Test
    void samplesAQuarterOfTheBoundBetween250MsAnd5s() {
        assertThat(RegionIamWatch.period(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(5));
        assertThat(RegionIamWatch.period(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(500));
        assertThat(RegionIamWatch.period(Duration.ofMillis(400))).isEqualTo(Duration.ofMillis(250));
    }
}
