package dev.warden.monitor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DetectionEngineTest {
    private static final long T0 = 1_700_000_000_000L;

    private static SecurityProfile profile(String behaviours) {
        return ProfileParser.parse("{\"name\":\"p\",\"behaviours\":[" + behaviours + "]}", "p");
    }

    private static DetectionEngine engine(SecurityProfile... profiles) {
        DetectionEngine e = new DetectionEngine(TargetDirectory.NONE);
        e.install(List.of(profiles));
        return e;
    }

    @Test
    void raisesAfterConsecutiveViolationsAndClearsAfterCleanDatapoints() {
        DetectionEngine e = engine(profile("{\"name\":\"flood\",\"metric\":\"num-messages-sent\","
                + "\"operator\":\"greater-than\",\"value\":5,\"window-seconds\":10,"
                + "\"datapoints-to-alarm\":2,\"datapoints-to-clear\":2}"));
        TargetKey thing = TargetKey.thing("t1");
        for (int i = 0; i < 6; i++) {
            e.observe(Observation.onTopic(thing, Metric.NUM_MESSAGES_SENT, 1, "devices/t1/x", T0 + i));
        }
        assertThat(e.evaluate(T0 + 1_000)).isEmpty(); // one violating datapoint of two
        List<AlarmTransition> raised = e.evaluate(T0 + 2_000);
        assertThat(raised).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AlarmTransition.Kind.RAISED);
            assertThat(a.key()).isEqualTo(new AlarmKey("p", "flood", thing));
            assertThat(a.value()).isEqualTo(6);
            assertThat(a.detail()).isEqualTo("6 greater-than 5");
            assertThat(a.observedAtMillis()).isEqualTo(T0 + 5);
        });
        assertThat(e.evaluate(T0 + 5_000)).isEmpty(); // still in the window
        assertThat(e.evaluate(T0 + 11_000)).isEmpty(); // first clean datapoint
        assertThat(e.evaluate(T0 + 12_000))
                .singleElement()
                .extracting(AlarmTransition::kind)
                .isEqualTo(AlarmTransition.Kind.CLEARED);
        e.evaluate(T0 + 13_000);
        assertThat(e.targetCount()).isZero(); // nothing left to keep
    }

    @Test
    void topicFilterCountsOnlyMatchingTopics() {
        DetectionEngine e = engine(
                profile(
                        "{\"name\":\"cmd\",\"metric\":\"num-messages-sent\","
                                + "\"operator\":\"greater-than\",\"value\":2,\"window-seconds\":10,\"topic-filter\":\"devices/+/cmd/#\"}"));
        TargetKey thing = TargetKey.thing("t1");
        for (int i = 0; i < 5; i++) {
            e.observe(Observation.onTopic(thing, Metric.NUM_MESSAGES_SENT, 1, "devices/t1/telemetry", T0));
        }
        assertThat(e.evaluate(T0 + 1_000)).isEmpty();
        for (int i = 0; i < 3; i++) {
            e.observe(Observation.onTopic(thing, Metric.NUM_MESSAGES_SENT, 1, "devices/t1/cmd/reboot", T0 + 1_100));
        }
        assertThat(e.evaluate(T0 + 2_000)).hasSize(1);
    }

    @Test
    void sharedCertificateIsTwoTakeoversBetweenAddresses() {
        DetectionEngine e = engine(BuiltInProfiles.baseline());
        TargetKey thing = TargetKey.thing("t1");
        // A device that moved: its new connection took the session over once. Not an alarm.
        e.observe(Observation.count(thing, Metric.NUM_ADDRESS_TAKEOVERS, 1, T0));
        e.observe(Observation.item(thing, Metric.CONNECTED_FROM_DISTINCT_IPS, "10.0.0.2", T0));
        assertThat(e.evaluate(T0 + 1_000)).isEmpty();
        // The other holder takes it back: two holders of one certificate.
        e.observe(Observation.count(thing, Metric.NUM_ADDRESS_TAKEOVERS, 1, T0 + 1_500));
        assertThat(e.evaluate(T0 + 2_000)).singleElement().satisfies(a -> {
            assertThat(a.key().behaviour()).isEqualTo("shared-certificate");
            assertThat(a.detail()).isEqualTo("2 greater-than 1");
            assertThat(a.behaviour().mitigations()).containsExactly(MitigationAction.QUARANTINE);
        });
    }

    @Test
    void cidrSetNamesTheOffendingAddress() {
        DetectionEngine e = engine(profile("{\"name\":\"plant\",\"metric\":\"source-ip-address\","
                + "\"operator\":\"not-in-cidr-set\",\"cidrs\":[\"10.0.0.0/8\"],\"window-seconds\":60}"));
        TargetKey thing = TargetKey.thing("t1");
        e.observe(Observation.item(thing, Metric.SOURCE_IP_ADDRESS, "10.1.2.3", T0));
        assertThat(e.evaluate(T0 + 1_000)).isEmpty();
        e.observe(Observation.item(thing, Metric.SOURCE_IP_ADDRESS, "192.0.2.7", T0 + 1_100));
        assertThat(e.evaluate(T0 + 2_000))
                .singleElement()
                .extracting(AlarmTransition::detail)
                .isEqualTo("1 addresses: 192.0.2.7");
    }

    @Test
    void portSetAndCustomMetricsFromDeviceReports() {
        DetectionEngine e = engine(profile("{\"name\":\"ports\",\"metric\":\"listening-tcp-ports\","
                + "\"operator\":\"not-in-port-set\",\"ports\":[443],\"window-seconds\":60},"
                + "{\"name\":\"temp\",\"metric\":\"custom:cpu-temp\",\"operator\":\"greater-than\",\"value\":80,"
                + "\"window-seconds\":60}"));
        TargetKey thing = TargetKey.thing("t1");
        e.observe(Observation.ports(thing, Metric.LISTENING_TCP_PORTS, Set.of(443, 22), T0));
        e.observe(Observation.reported(thing, Metric.CUSTOM, "cpu-temp", 91, T0));
        e.observe(Observation.reported(thing, Metric.CUSTOM, "other", 1_000, T0));
        assertThat(e.evaluate(T0 + 1_000))
                .extracting(a -> a.key().behaviour() + ": " + a.detail())
                .containsExactlyInAnyOrder("ports: 1 ports: 22", "temp: 91 greater-than 80");
    }

    @Test
    void learnedBaselineWaitsForEnoughWindowsThenCatchesADeviation() {
        DetectionEngine e = engine(profile("{\"name\":\"learned\",\"metric\":\"num-messages-sent\","
                + "\"operator\":\"greater-than\",\"baseline\":{\"sigmas\":3,\"min-datapoints\":5},"
                + "\"window-seconds\":10}"));
        TargetKey thing = TargetKey.thing("t1");
        long t = T0;
        for (int w = 0; w < 8; w++) {
            for (int i = 0; i < 10; i++) {
                e.observe(Observation.onTopic(thing, Metric.NUM_MESSAGES_SENT, 1, "a", t + i * 1_000));
            }
            for (int s = 1; s <= 10; s++) {
                assertThat(e.evaluate(t + s * 1_000)).isEmpty();
            }
            t += 10_000;
        }
        assertThat(e.baselines())
                .singleElement()
                .satisfies(b -> assertThat(b.count()).isGreaterThanOrEqualTo(5));
        for (int i = 0; i < 200; i++) {
            e.observe(Observation.onTopic(thing, Metric.NUM_MESSAGES_SENT, 1, "a", t + 100));
        }
        assertThat(e.evaluate(t + 1_000))
                .singleElement()
                .extracting(AlarmTransition::kind)
                .isEqualTo(AlarmTransition.Kind.RAISED);
    }

    @Test
    void statisticalThresholdComparesWithTheFleet() {
        DetectionEngine e = engine(profile("{\"name\":\"stat\",\"metric\":\"num-messages-sent\","
                + "\"operator\":\"greater-than\",\"statistical\":\"p90\",\"window-seconds\":10}"));
        for (int d = 0; d < 10; d++) {
            e.observe(Observation.onTopic(TargetKey.thing("t" + d), Metric.NUM_MESSAGES_SENT, 5, "a", T0));
        }
        assertThat(e.evaluate(T0 + 1_000)).isEmpty(); // the first datapoint only learns the fleet's p90
        e.observe(Observation.onTopic(TargetKey.thing("t3"), Metric.NUM_MESSAGES_SENT, 100, "a", T0 + 1_100));
        assertThat(e.evaluate(T0 + 2_000))
                .singleElement()
                .extracting(a -> a.key().target().name())
                .isEqualTo("t3");
    }

    @Test
    void groupTargetWatchesOnlyMembers() {
        DetectionEngine e = new DetectionEngine(new TargetDirectory() {
            @Override
            public Set<String> groupsOf(String thing) {
                return thing.equals("in") ? Set.of("sensors") : Set.of();
            }

            @Override
            public Optional<String> typeOf(String thing) {
                return Optional.empty();
            }
        });
        e.install(List.of(ProfileParser.parse(
                "{\"name\":\"g\",\"targets\":[\"group/sensors\"],\"behaviours\":[{\"name\":\"f\","
                        + "\"metric\":\"num-authorization-failures\",\"operator\":\"greater-than\",\"value\":0,"
                        + "\"window-seconds\":10}]}",
                "g")));
        e.observe(Observation.count(TargetKey.thing("in"), Metric.NUM_AUTHORIZATION_FAILURES, 1, T0));
        e.observe(Observation.count(TargetKey.thing("out"), Metric.NUM_AUTHORIZATION_FAILURES, 1, T0));
        assertThat(e.evaluate(T0 + 1_000))
                .extracting(a -> a.key().target().name())
                .containsExactly("in");
    }

    @Test
    void restoredAlarmIsNotClearedBeforeAWholeWindow() {
        DetectionEngine e = engine(BuiltInProfiles.baseline());
        AlarmKey key = new AlarmKey(BuiltInProfiles.BASELINE, "message-flood", TargetKey.thing("t1"));
        e.restoreActive(key, T0);
        for (int s = 1; s < 10; s++) {
            assertThat(e.evaluate(T0 + s * 1_000)).isEmpty();
        }
        e.evaluate(T0 + 10_000);
        e.evaluate(T0 + 11_000);
        assertThat(e.evaluate(T0 + 12_000))
                .singleElement()
                .extracting(AlarmTransition::kind)
                .isEqualTo(AlarmTransition.Kind.CLEARED);
    }

    @Test
    void reinstallKeepsStateOfUnchangedBehavioursAndReportsDroppedAlarms() {
        SecurityProfile p = BuiltInProfiles.baseline();
        DetectionEngine e = engine(p);
        TargetKey thing = TargetKey.thing("t1");
        for (int i = 0; i < 10; i++) {
            e.observe(Observation.count(thing, Metric.NUM_AUTHORIZATION_FAILURES, 1, T0));
        }
        assertThat(e.evaluate(T0 + 1_000)).hasSize(1);
        assertThat(e.install(List.of(p))).isEmpty();
        assertThat(e.install(List.of(profile("{\"name\":\"x\",\"metric\":\"num-disconnects\","
                        + "\"operator\":\"greater-than\",\"value\":1,\"window-seconds\":10}"))))
                .containsExactly(new AlarmKey(BuiltInProfiles.BASELINE, "authorization-failure-burst", thing));
    }
}
