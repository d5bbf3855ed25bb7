package dev.warden.compliance.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.FindingStatus;
import dev.warden.compliance.core.Severity;
import dev.warden.compliance.core.StoredFinding;
import dev.warden.compliance.store.SuppressionRule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a run's findings mean for the stored ones: new, refreshed, resolved, suppressed; failed checks untouched. */
class FindingDiffTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static Finding finding(CheckId check, String resource, String detail) {
        return new Finding(check, resource, check.severity(), "R", detail, "fix it", Optional.empty());
    }

    private static StoredFinding stored(long id, Finding f, FindingStatus status, Optional<Long> suppression) {
        return new StoredFinding(
                id,
                f,
                status,
                NOW.minusSeconds(3600),
                NOW.minusSeconds(60),
                Optional.empty(),
                suppression.map(s -> new StoredFinding.Suppression(s, "why", "me", NOW.plusSeconds(60), false)));
    }

    private static SuppressionRule rule(long id, Optional<CheckId> check, String resource, Instant until) {
        return new SuppressionRule(id, Optional.empty(), check, resource, "accepted", "ops", until, false, NOW);
    }

    @Test
    void newStillThereAndGone() {
        Finding kept = finding(CheckId.BUCKET_PUBLIC, "arn:b/1", "public");
        Finding changed = finding(CheckId.BUCKET_PUBLIC, "arn:b/2", "public now");
        Finding gone = finding(CheckId.BUCKET_PUBLIC, "arn:b/3", "public");
        Finding fresh = finding(CheckId.BUCKET_PUBLIC, "arn:b/4", "public");
        List<StoredFinding> active = List.of(
                stored(1, kept, FindingStatus.OPEN, Optional.empty()),
                stored(
                        2,
                        finding(CheckId.BUCKET_PUBLIC, "arn:b/2", "public then"),
                        FindingStatus.OPEN,
                        Optional.empty()),
                stored(3, gone, FindingStatus.OPEN, Optional.empty()));

        FindingDiff.Result r = FindingDiff.diff(
                Map.of(CheckId.BUCKET_PUBLIC, List.of(kept, changed, fresh)),
                active,
                new SuppressionIndex(List.of(), NOW));

        assertThat(r.opened()).extracting(FindingDiff.New::finding).containsExactly(fresh);
        assertThat(r.changed()).extracting(c -> c.stored().id()).containsExactly(2L);
        assertThat(r.resolved()).extracting(StoredFinding::id).containsExactly(3L);
    }

    @Test
    void aCheckThatDidNotRunResolvesNothing() {
        Finding other = finding(CheckId.MONITORING_DISABLED, "arn:m", "off");
        FindingDiff.Result r = FindingDiff.diff(
                Map.of(CheckId.BUCKET_PUBLIC, List.of()),
                List.of(stored(9, other, FindingStatus.OPEN, Optional.empty())),
                new SuppressionIndex(List.of(), NOW));
        assertThat(r.resolved()).isEmpty();
    }

    @Test
    void suppressionsSetAsideNewFindingsAndALapsedOneReopens() {
        Finding a = finding(CheckId.UNUSED_CREDENTIAL, "arn:warden:iot:r:a:cert/1", "idle");
        Finding b = finding(CheckId.UNUSED_CREDENTIAL, "arn:warden:iot:r:a:cert/2", "idle");
        SuppressionIndex index = new SuppressionIndex(
                List.of(
                        rule(5, Optional.empty(), "arn:warden:iot:r:a:cert/*", NOW.plusSeconds(60)),
                        rule(
                                6,
                                Optional.of(CheckId.UNUSED_CREDENTIAL),
                                "arn:warden:iot:r:a:cert/2",
                                NOW.plusSeconds(60))),
                NOW);

        FindingDiff.Result r = FindingDiff.diff(Map.of(CheckId.UNUSED_CREDENTIAL, List.of(a, b)), List.of(), index);

        assertThat(r.opened()).allSatisfy(n -> assertThat(n.status()).isEqualTo(FindingStatus.SUPPRESSED));
        // the oldest matching suppression is the one a finding names
        assertThat(r.opened()).extracting(n -> n.suppressionId().orElseThrow()).containsExactly(5L, 5L);

        StoredFinding lapsed = stored(7, a, FindingStatus.SUPPRESSED, Optional.of(4L));
        List<FindingDiff.Changed> relapsed = FindingDiff.relapse(List.of(lapsed), new SuppressionIndex(List.of(), NOW));
        assertThat(relapsed).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(FindingStatus.OPEN);
            assertThat(c.reopened()).isTrue();
        });
    }

    @Test
    void anExpiredSuppressionMatchesNothing() {
        Finding a = finding(CheckId.BUCKET_PUBLIC, "arn:b/1", "public");
        SuppressionIndex index = new SuppressionIndex(
                List.of(rule(1, Optional.of(CheckId.BUCKET_PUBLIC), "arn:b/1", NOW.minusSeconds(1))), NOW);
        assertThat(index.match(a)).isEmpty();
        assertThat(Severity.byId("critical")).contains(Severity.CRITICAL);
    }
}
