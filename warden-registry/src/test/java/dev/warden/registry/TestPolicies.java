package dev.warden.registry;

import dev.warden.iam.AdminAuthorizer;
import dev.warden.storage.Database;
import java.time.Clock;

/** A policy service on a test's database, and a small valid device policy to store in it. */
final class TestPolicies {
    static final String DOCUMENT = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:Publish\",\"Resource\":\"arn:warden:iot:*:default:topic/fleet/*\"}]}";

    private TestPolicies() {}

    static PolicyService service(Database database) {
        Clock clock = Clock.systemUTC();
        return new PolicyService(
                database,
                new ThingPolicyCache(database, "eu-west-1", "default"),
                new AdminAuthorizer(database, clock),
                clock);
    }
}
