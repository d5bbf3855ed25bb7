package dev.warden.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.testkit.TestCa;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NearestRegionTest {
    private static X509Certificate root;

    @BeforeAll
    static void ca() {
        root = TestCa.create("trusted").root();
    }

    @Test
    void theMedianIgnoresOneSlowOrFastOutlier() {
        assertThat(NearestRegion.median(List.of(ms(30), ms(900), ms(20)))).contains(ms(30));
        assertThat(NearestRegion.median(List.of(ms(40), ms(10), ms(20), ms(30))))
                .contains(ms(25));
        assertThat(NearestRegion.median(List.of())).isEmpty();
    }

    @Test
    void theFastestReachableCandidateIsChosen() {
        NearestRegion.Candidate eu = candidate("eu-west-1");
        NearestRegion.Candidate us = candidate("us-east-1");
        List<NearestRegion.Measured> measured = List.of(
                new NearestRegion.Measured(eu, Optional.of(ms(320))),
                new NearestRegion.Measured(us, Optional.of(ms(25))));
        assertThat(NearestRegion.choose(measured)).contains(us);
    }

    @Test
    void equalMediansGoToTheCandidateListedFirst() {
        NearestRegion.Candidate eu = candidate("eu-west-1");
        NearestRegion.Candidate us = candidate("us-east-1");
        List<NearestRegion.Measured> measured = List.of(
                new NearestRegion.Measured(us, Optional.of(ms(30))),
                new NearestRegion.Measured(eu, Optional.of(ms(30))));
        assertThat(NearestRegion.choose(measured)).contains(us);
    }

    @Test
    void anUnreachableCandidateIsNeverChosenEvenIfItFailedFast() {
        NearestRegion.Candidate eu = candidate("eu-west-1");
        NearestRegion.Candidate us = candidate("us-east-1");
        Deque<Duration> euTimes = new ArrayDeque<>(List.of(ms(5), ms(5)));
        NearestRegion nearest = NearestRegion.of(List.of(eu, us)).withTimer(c -> {
            if (c == us) {
                return ms(300);
            }
            if (euTimes.isEmpty()) {
                throw new DeviceException(DeviceErrorReason.CONNECTION_FAILED, "refused");
            }
            return euTimes.pop();
        });
        List<NearestRegion.Measured> measured = nearest.measure();
        assertThat(measured)
                .extracting(NearestRegion.Measured::median)
                .containsExactly(Optional.empty(), Optional.of(ms(300)));
        assertThat(NearestRegion.choose(measured)).contains(us);
    }

    @Test
    void onlyAllowedRegionsAreTimedAndChosen() {
        NearestRegion.Candidate eu = candidate("eu-west-1");
        NearestRegion.Candidate us = candidate("us-east-1");
        List<NearestRegion.Measured> measured = NearestRegion.of(List.of(eu, us))
                .allowing(Set.of("us-east-1"))
                .withTimer(c -> c == eu ? ms(1) : ms(200))
                .measure();
        assertThat(measured).extracting(m -> m.candidate().region()).containsExactly("us-east-1");
        assertThat(NearestRegion.choose(measured)).contains(us);
    }

    @Test
    void noReachableCandidateFailsBeforeAnyProvisioning() {
        NearestRegion nearest = NearestRegion.of(List.of(candidate("eu-west-1")))
                .withTimer(c -> {
                    throw new DeviceException(DeviceErrorReason.TIMEOUT, "slow");
                });
        assertThatThrownBy(() -> nearest.provision("sensor-1", Map.of()))
                .isInstanceOfSatisfying(
                        DeviceException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeviceErrorReason.CONNECTION_FAILED));
    }

    private static NearestRegion.Candidate candidate(String region) {
        return new NearestRegion.Candidate(
                region,
                URI.create("https://" + region + ".example:8443"),
                root,
                "sensors",
                ProvisioningClaim.token("wdn_claim_test"));
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
