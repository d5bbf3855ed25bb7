package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicySet;
import dev.warden.policy.RequestContext;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The per-connection decisions: remembered allows end with the policy set they were made under; denies never stick. */
class AuthorizerTest {
    private static final String ARN = "arn:warden:iot:eu-west-1:default:";

    private static PolicySet allowing(String resource) {
        return PolicySet.of(PolicyParser.parse(
                "p",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":[\"iot:Publish\",\"iot:Receive\"],\"Resource\":\"" + ARN + resource + "\"}]}"));
    }

    @Test
    void aRememberedAllowEndsWhenThePoliciesChange() {
        // GIVEN a connection whose policies allow its own topics, looked up for every decision
        AtomicReference<PolicySet> current = new AtomicReference<>(allowing("topic/devices/d1/*"));
        AtomicInteger lookups = new AtomicInteger();
        RecordingEvents events = new RecordingEvents();
        Authorizer authorizer = new Authorizer(
                () -> {
                    lookups.incrementAndGet();
                    return current.get();
                },
                RequestContext.empty(),
                "eu-west-1",
                "default",
                events,
                new DeviceIdentity("d1", "01", "ab", Map.of()),
                "d1");

        // WHEN it publishes and receives on its topic again and again
        for (int i = 0; i < 3; i++) {
            assertThat(authorizer.mayPublish("devices/d1/t", false)).isTrue();
            assertThat(authorizer.mayReceive("devices/d1/t")).isTrue();
        }
        // THEN another topic is still decided on its own
        assertThat(authorizer.mayPublish("devices/d2/t", false)).isFalse();
        assertThat(authorizer.mayPublish("devices/d1/other", false)).isTrue();

        // WHEN the policies are replaced by a set that no longer allows the topic
        current.set(allowing("topic/devices/elsewhere/*"));
        // THEN the next packet is denied, and every deny is reported
        assertThat(authorizer.mayPublish("devices/d1/other", false)).isFalse();
        assertThat(authorizer.mayReceive("devices/d1/t")).isFalse();
        assertThat(authorizer.mayReceive("devices/d1/t")).isFalse();
        assertThat(events.all())
                .containsExactly(
                        "denied d1 iot:Publish " + ARN + "topic/devices/d2/t",
                        "denied d1 iot:Publish " + ARN + "topic/devices/d1/other",
                        "denied d1 iot:Receive " + ARN + "topic/devices/d1/t",
                        "denied d1 iot:Receive " + ARN + "topic/devices/d1/t");
        // AND the policies were asked for at every decision (none is made without them)
        assertThat(lookups.get()).isEqualTo(11);
    }

    @Test
    void anApplicationReceivingFromManyDevicesLosesEveryTopicWhenItsPoliciesChange() {
        // GIVEN an application allowed to receive from every device, and more devices than it remembers
        AtomicReference<PolicySet> current = new AtomicReference<>(allowing("topic/devices/*"));
        RecordingEvents events = new RecordingEvents();
        Authorizer app = new Authorizer(
                current::get,
                RequestContext.empty(),
                "eu-west-1",
                "default",
                events,
                new DeviceIdentity("app", "02", "cd", Map.of()),
                "app");
        int devices = Authorizer.MAX_REMEMBERED_TOPICS + 10;

        // WHEN it receives from each device in turn, twice over
        for (int round = 0; round < 2; round++) {
            for (int d = 0; d < devices; d++) {
                assertThat(app.mayReceive("devices/d" + d + "/telemetry")).isTrue();
            }
        }
        // THEN a topic outside its grant is still denied
        assertThat(app.mayReceive("commands/d1")).isFalse();

        // WHEN its policies are replaced by a set that allows only one device
        current.set(allowing("topic/devices/d7/*"));
        // THEN every other remembered topic is denied at once, and each deny is reported
        for (int d = 0; d < devices; d++) {
            assertThat(app.mayReceive("devices/d" + d + "/telemetry")).isEqualTo(d == 7);
        }
        assertThat(events.all())
                .hasSize(1 + devices - 1)
                .contains("denied app iot:Receive " + ARN + "topic/devices/d0/telemetry");
    }

    @Test
    void noPoliciesOrAFailingLookupDenies() {
        RecordingEvents events = new RecordingEvents();
        DeviceIdentity identity = new DeviceIdentity("d1", "01", "ab", Map.of());
        Authorizer none =
                new Authorizer(() -> null, RequestContext.empty(), "eu-west-1", "default", events, identity, "d1");
        Authorizer failing = new Authorizer(
                () -> {
                    throw new IllegalStateException("store down");
                },
                RequestContext.empty(),
                "eu-west-1",
                "default",
                events,
                identity,
                "d1");
        assertThat(none.mayPublish("devices/d1/t", false)).isFalse();
        assertThat(failing.mayReceive("devices/d1/t")).isFalse();
        assertThat(events.all()).hasSize(2);
    }
}
