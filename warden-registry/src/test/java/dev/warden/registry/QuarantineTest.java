package dev.warden.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.iam.store.PolicyDao;
import dev.warden.iam.store.PolicyRecord;
import dev.warden.policy.AuthorizationRequest;
import dev.warden.policy.DefaultPolicies;
import dev.warden.policy.PolicyEvaluator;
import dev.warden.policy.RequestContext;
import dev.warden.registry.store.Thing;
import dev.warden.registry.store.ThingDao;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quarantine through the thing group: what the gateway's policy lookup answers before, during and after. */
class QuarantineTest {
    private static final String P = "arn:warden:iot:eu-west-1:default:";

    @TempDir
    Path dir;

    private Database database;
    private ThingPolicyCache cache;
    private Quarantine quarantine;

    @BeforeEach
    void open() {
        database = Database.open(null, dir);
        cache = new ThingPolicyCache(database, "eu-west-1", "default");
        quarantine = new Quarantine(database, cache, "eu-west-1", "default", Clock.systemUTC());
        Instant now = Instant.now();
        database.useTransaction(h -> {
            PolicyDao policies = new PolicyDao(h);
            policies.insert(new PolicyRecord(
                    DefaultPolicies.DEVICE_DEFAULT_NAME,
                    DefaultPolicies.deviceDefaultJson("eu-west-1", "default"),
                    true,
                    now,
                    now));
            for (String thing : new String[] {"dev-1", "dev-2"}) {
                new ThingDao(h).insert(new Thing(thing, "eu-west-1", "default", null, Map.of(), now));
                policies.attachToThing(DefaultPolicies.DEVICE_DEFAULT_NAME, thing);
            }
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    private boolean allowed(String thing, String action, String resource) {
        RequestContext context = RequestContext.builder()
                .put("iot:Connection.Thing.ThingName", thing)
                .build();
        return PolicyEvaluator.evaluate(cache.policiesFor(thing), new AuthorizationRequest(action, resource, context))
                .allowed();
    }

    @Test
    void aQuarantinedThingKeepsOnlyItsRemediationTopicsUntilReleased() {
        // GIVEN dev-1 publishing telemetry (its compiled policies are cached by now)
        assertThat(allowed("dev-1", "iot:Publish", P + "topic/devices/dev-1/telemetry"))
                .isTrue();

        // WHEN it is quarantined
        assertThat(quarantine.add("dev-1")).isTrue();

        // THEN its next decision refuses telemetry and allows the remediation topic; dev-2 is untouched
        assertThat(allowed("dev-1", "iot:Publish", P + "topic/devices/dev-1/telemetry"))
                .isFalse();
        assertThat(allowed("dev-1", "iot:Publish", P + "topic/$warden/things/dev-1/remediation/status"))
                .isTrue();
        assertThat(allowed("dev-2", "iot:Publish", P + "topic/devices/dev-2/telemetry"))
                .isTrue();
        assertThat(quarantine.contains("dev-1")).isTrue();
        // AND quarantining it again changes nothing
        assertThat(quarantine.add("dev-1")).isFalse();

        // WHEN it is released THEN its own policy applies again
        assertThat(quarantine.release("dev-1")).isTrue();
        assertThat(allowed("dev-1", "iot:Publish", P + "topic/devices/dev-1/telemetry"))
                .isTrue();
        assertThat(quarantine.release("dev-1")).isFalse();
    }

    @Test
    void aDetachedQuarantinePolicyIsAttachedAgainAtTheNextQuarantine() {
        quarantine.add("dev-1");
        // GIVEN an operator detached the quarantine policy from the group
        database.useTransaction(h -> new PolicyDao(h)
                .detachFromPrincipal(DefaultPolicies.QUARANTINE_NAME, ThingPolicyCache.THING_GROUP, Quarantine.GROUP));
        cache.invalidateAll();
        assertThat(allowed("dev-1", "iot:Publish", P + "topic/devices/dev-1/telemetry"))
                .isTrue();

        // WHEN another thing is quarantined THEN the policy is back, for every member
        quarantine.add("dev-2");
        assertThat(allowed("dev-1", "iot:Publish", P + "topic/devices/dev-1/telemetry"))
                .isFalse();
        assertThat(allowed("dev-2", "iot:Publish", P + "topic/devices/dev-2/telemetry"))
                .isFalse();
    }

    @Test
    void aCustomerPolicyWithTheReservedNameIsNeverUsedAsTheQuarantine() {
        // GIVEN a customer policy named like the quarantine policy, allowing everything
        Instant now = Instant.now();
        database.useTransaction(h -> new PolicyDao(h)
                .insert(new PolicyRecord(
                        DefaultPolicies.QUARANTINE_NAME,
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
                                + "\"Resource\":\"*\"}]}",
                        false,
                        now,
                        now)));

        // WHEN a thing is quarantined THEN it is refused, and nothing changed
        assertThatThrownBy(() -> quarantine.add("dev-1"))
                .isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).reason())
                .isEqualTo(RegistryReason.BUILT_IN_POLICY);
        assertThat(quarantine.contains("dev-1")).isFalse();
    }

    @Test
    void anUnknownThingIsRefused() {
        assertThatThrownBy(() -> quarantine.add("ghost"))
                .isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).reason())
                .isEqualTo(RegistryReason.UNKNOWN_THING);
    }
}
