package dev.warden.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.console.view.RegionsView;
import dev.warden.region.audit.ReceivedChain;
import dev.warden.region.audit.ShippingStatus;
import dev.warden.region.core.Deployment;
import dev.warden.region.core.Member;
import dev.warden.region.service.ReplicationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegionStatusTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant JOINED = NOW.minus(Duration.ofDays(2));

    private static Member member(String region, String standby) {
        return new Member(
                region,
                "n1",
                "https://" + region + ":7443",
                "mqtts://" + region,
                "PEM",
                Member.Status.ACTIVE,
                JOINED,
                standby);
    }

    private static Deployment deployment(Deployment.Role role, String control, String audit) {
        return new Deployment(role, "dep-1", control, audit, "KEY", 40, "h", 42, NOW.minusSeconds(5), JOINED);
    }

    private static final List<Member> MEMBERS =
            List.of(member("eu-west-1", ""), member("eu-central-1", "eu-west-1"), member("us-east-1", ""));

    @Test
    void aMemberSeesTheControlRegionThroughItsChangeLogAndTheAuditRegionThroughShipping() {
        // GIVEN a member whose control region is eu-west-1 (answering) and whose audit region us-east-1 is not
        var snapshot = new RegionStatus.Snapshot(
                "eu-central-1",
                "n1",
                "https://eu-central-1:7443",
                Optional.of(deployment(Deployment.Role.MEMBER, "eu-west-1", "us-east-1")),
                MEMBERS,
                Optional.of(new ReplicationStatus(40, 42, NOW.minusSeconds(5), true, Duration.ZERO, null)),
                Optional.empty(),
                Optional.of(new ShippingStatus(
                        "us-east-1", 100, 130, Duration.ofSeconds(95), false, NOW.minusSeconds(300), "timeout")),
                List.of(),
                List.of());

        RegionsView.Status status = RegionStatus.of(snapshot, NOW);

        assertThat(status.single()).isFalse();
        assertThat(status.role()).isEqualTo("member");
        assertThat(status.iam().applied()).isEqualTo("40");
        assertThat(status.iam().control()).isEqualTo("42");
        assertThat(status.iam().behind()).isEqualTo("2");
        assertThat(status.iam().connected()).isEqualTo("reachable");
        assertThat(status.shipping().lag()).isEqualTo("1 min 35 s");
        assertThat(status.members())
                .extracting(RegionsView.Member::region)
                .containsExactly("eu-central-1", "eu-west-1", "us-east-1");
        RegionsView.Member self = status.members().get(0);
        RegionsView.Member control = status.members().get(1);
        RegionsView.Member audit = status.members().get(2);
        assertThat(self.link()).isEqualTo("this node");
        assertThat(control.link()).isEqualTo("reachable");
        assertThat(control.via()).isEqualTo("IAM change log");
        assertThat(control.lastContact()).endsWith("(5 s ago)");
        assertThat(audit.link()).isEqualTo("unreachable");
        assertThat(audit.linkDown()).isTrue();
        assertThat(audit.lastContact()).endsWith("(5 min 0 s ago)");
    }

    @Test
    void theControlAndAuditRegionHearsFromMembersAndNeverGuessesALinkItDoesNotUse() {
        // GIVEN the control and audit region, standby of eu-central-1, which heard eu-central-1's audit batches only
        var snapshot = new RegionStatus.Snapshot(
                "eu-west-1",
                "n1",
                "https://eu-west-1:7443",
                Optional.of(deployment(Deployment.Role.CONTROL, "eu-west-1", "eu-west-1")),
                MEMBERS,
                Optional.empty(),
                Optional.of(57L),
                Optional.empty(),
                List.of(new ReceivedChain("eu-central-1", 130, 12, NOW.minusSeconds(20), Duration.ofSeconds(2), null)),
                List.of(Map.of(
                        "region", "eu-central-1", "state", "STANDBY", "replicaDevices", 3, "guestsConnected", 0)));

        RegionsView.Status status = RegionStatus.of(snapshot, NOW);

        assertThat(status.role()).isEqualTo("control, audit, standby for eu-central-1");
        assertThat(status.iam().applied()).isEqualTo("57");
        assertThat(status.iam().behind()).isEqualTo("0");
        assertThat(status.shipping()).isNull();
        assertThat(status.received())
                .singleElement()
                .satisfies(r -> assertThat(r.lag()).isEqualTo("2 s"));
        assertThat(status.members().get(0).link()).isEqualTo("heard from");
        assertThat(status.members().get(2).link()).isEqualTo("not observed from here");
        assertThat(status.members().get(2).linkDown()).isFalse();
        assertThat(status.failovers()).singleElement().satisfies(f -> {
            assertThat(f.state()).isEqualTo("STANDBY");
            assertThat(f.replicaSyncedAt()).isEqualTo("never");
        });
    }

    @Test
    void aNodeInNoDeploymentIsASingleRegion() {
        var snapshot = new RegionStatus.Snapshot(
                "eu-west-1",
                "n1",
                "https://eu-west-1:7443",
                Optional.empty(),
                List.of(),
                Optional.empty(),
                Optional.of(3L),
                Optional.empty(),
                List.of(),
                List.of());

        assertThat(RegionStatus.of(snapshot, NOW).single()).isTrue();
        assertThat(RegionStatus.of(snapshot, NOW).singleReason()).contains("joined no deployment");
        assertThat(RegionStatus.linksOff("eu-west-1").singleReason()).contains("Region links are off");
        assertThat(RegionStatus.linksOff("eu-west-1").members()).isEmpty();
    }

    @Test
    void durationsReadAsAnOperatorSaysThem() {
        assertThat(RegionStatus.age(Duration.ZERO)).isEqualTo("0 s");
        assertThat(RegionStatus.age(Duration.ofSeconds(3_725))).isEqualTo("1 h 2 min");
        assertThat(RegionStatus.age(Duration.ofHours(50))).isEqualTo("2 d 2 h");
        assertThat(RegionStatus.contact(Instant.EPOCH, NOW)).isEqualTo("never");
    }
}
