package dev.warden.compliance.checks;

import static dev.warden.compliance.checks.TestInventory.CONTEXT;
import static dev.warden.compliance.checks.TestInventory.NOW;
import static dev.warden.compliance.checks.TestInventory.doc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.ApiKeyView;
import dev.warden.compliance.inventory.PrincipalRef;
import dev.warden.compliance.inventory.PrincipalView;
import dev.warden.compliance.inventory.UserView;
import dev.warden.policy.DefaultPolicies;
import dev.warden.registry.store.CertificateStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The policy and credential checks on hand-built inventories, decided by warden-policy's own analyzer and evaluator. */
class PolicyChecksTest {
    private static final String P = "arn:warden:iot:eu-west-1:acme:";
    private static final PrincipalRef ALICE = new PrincipalRef("user", "alice");

    private static List<Finding> run(CheckId id, TestInventory inventory) {
        return Checks.of(id).evaluate(inventory.build(), CONTEXT);
    }

    private static String allow(String action, String resource) {
        return "{\"Effect\": \"Allow\", \"Action\": \"" + action + "\", \"Resource\": \"" + resource + "\"}";
    }

    @Test
    void theBuiltInDevicePoliciesPass() {
        TestInventory node = new TestInventory()
                .policy(
                        DefaultPolicies.DEVICE_DEFAULT_NAME,
                        DefaultPolicies.deviceDefaultJson("eu-west-1", "acme"),
                        true,
                        5)
                .policy(DefaultPolicies.QUARANTINE_NAME, DefaultPolicies.quarantineJson("eu-west-1", "acme"), true, 0)
                .policy(
                        DefaultPolicies.ADMIN_FULL_NAME,
                        DefaultPolicies.adminFullJson(),
                        true,
                        0,
                        new PrincipalRef("admin", "bootstrap-1"));

        assertThat(run(CheckId.IOT_POLICY_OVERLY_PERMISSIVE, node)).isEmpty();
        assertThat(run(CheckId.IOT_POLICY_POTENTIAL_MISCONFIGURATION, node)).isEmpty();
        assertThat(run(CheckId.IAM_POLICY_ADMIN_WILDCARD, node)).isEmpty();
    }

    @Test
    void deviceWildcardsAnyClientAndClientIdWithoutAttachmentAreOverlyPermissive() {
        TestInventory node = new TestInventory()
                .policy("all-iot", doc(allow("iot:*", P + "*")), false, 3)
                .policy("any-client", doc(allow("iot:Connect", P + "client/*")), false, 0)
                .policy("client-id", doc(allow("iot:Connect", P + "client/${iot:ClientId}")), false, 1)
                .policy(
                        "client-id-attached",
                        doc("{\"Effect\": \"Allow\", \"Action\": \"iot:Connect\", \"Resource\": \""
                                + P
                                + "client/${iot:ClientId}\", \"Condition\": {\"Bool\": {\"iot:Connection.Thing.IsAttached\":"
                                + " \"true\"}}}"),
                        false,
                        1)
                .policy(
                        "own-topics",
                        doc(allow("iot:Publish", P + "topic/devices/${iot:Connection.Thing.ThingName}/*")),
                        false,
                        1);

        List<Finding> found = run(CheckId.IOT_POLICY_OVERLY_PERMISSIVE, node);

        assertThat(found)
                .extracting(Finding::resourceArn)
                .containsExactlyInAnyOrder(
                        "arn:warden:iam::acme:policy/all-iot",
                        "arn:warden:iam::acme:policy/any-client",
                        "arn:warden:iam::acme:policy/client-id");
        assertThat(found)
                .filteredOn(f -> f.resourceArn().endsWith("all-iot"))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.reasonCode()).isEqualTo("ALL_IOT_ACTIONS");
                    assertThat(f.detail()).contains("attached to 3 thing(s)");
                });
        assertThat(found)
                .filteredOn(f -> f.resourceArn().endsWith("any-client"))
                .singleElement()
                .satisfies(f -> assertThat(f.detail()).contains("not attached yet"));
        assertThat(found)
                .filteredOn(f -> f.resourceArn().endsWith("/client-id"))
                .singleElement()
                .satisfies(f -> assertThat(f.reasonCode()).isEqualTo("CLIENT_ID_WITHOUT_ATTACHMENT"));
    }

    @Test
    void mqttWildcardsInTopicResourcesAreLiteral() {
        TestInventory node = new TestInventory()
                .policy("plus", doc(allow("iot:Publish", P + "topic/sensors/+/temp")), false, 1)
                .policy("filter-ok", doc(allow("iot:Subscribe", P + "topicfilter/sensors/+/temp")), false, 1)
                .policy(
                        "deny-hash",
                        doc(allow("iot:Publish", P + "topic/devices/${iot:Connection.Thing.ThingName}/*")
                                + ", {\"Effect\": \"Deny\", \"Action\": \"iot:Publish\", \"Resource\": \"" + P
                                + "topic/admin/#\"}"),
                        false,
                        1);

        assertThat(run(CheckId.IOT_POLICY_POTENTIAL_MISCONFIGURATION, node))
                .extracting(Finding::resourceArn, Finding::reasonCode)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                "arn:warden:iam::acme:policy/plus", "MQTT_WILDCARD_IN_TOPIC"),
                        org.assertj.core.groups.Tuple.tuple(
                                "arn:warden:iam::acme:policy/deny-hash", "MQTT_WILDCARD_IN_DENY"));
    }

    @Test
    void anAttachedAdminWildcardIsFoundWithItsDetachFixAndAnUnattachedOneIsNot() {
        TestInventory node = new TestInventory()
                .policy("god", doc(allow("*", "*")), false, 0, ALICE)
                .policy("god-spare", doc(allow("*", "*")), false, 0)
                .policy("god-shared", doc(allow("*", "*")), false, 0, ALICE, new PrincipalRef("role", "ops"));

        List<Finding> found = run(CheckId.IAM_POLICY_ADMIN_WILDCARD, node);

        assertThat(found)
                .extracting(Finding::resourceArn)
                .containsExactlyInAnyOrder("arn:warden:iam::acme:policy/god", "arn:warden:iam::acme:policy/god-shared");
        assertThat(found)
                .filteredOn(f -> f.resourceArn().endsWith("/god"))
                .singleElement()
                .satisfies(f -> assertThat(f.fix()).hasValueSatisfying(fix -> {
                    assertThat(fix.command()).isEqualTo("warden policy detach god --user alice");
                    assertThat(fix.method()).isEqualTo("POST");
                    assertThat(fix.path()).isEqualTo("/policies/god/detach");
                    assertThat(fix.body()).isEqualTo("{\"user\":\"alice\"}");
                    assertThat(fix.iamAction()).isEqualTo("iam:DetachPolicy");
                }));
        assertThat(found)
                .filteredOn(f -> f.resourceArn().endsWith("god-shared"))
                .singleElement()
                .satisfies(f -> assertThat(f.fix()).isEmpty());
    }

    @Test
    void serviceWideActionsInAnAttachedPolicy() {
        TestInventory node = new TestInventory()
                .policy("keys", doc(allow("kms:*", "*")), false, 0, ALICE)
                .policy("narrow", doc(allow("kms:Encrypt", "*")), false, 0, ALICE);

        assertThat(run(CheckId.IAM_POLICY_SERVICE_FULL_ACCESS, node))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.resourceArn()).isEqualTo("arn:warden:iam::acme:policy/keys");
                    assertThat(f.detail()).contains("kms:*");
                });
    }

    @Test
    void aUserWhoCanChangeIamWithoutMfaIsFound() {
        TestInventory node = new TestInventory()
                .policy("iam-admin", doc(allow("iam:*", "*")), false, 0, ALICE, new PrincipalRef("group", "ops"))
                .policy(
                        "iam-admin-mfa",
                        doc("{\"Effect\": \"Allow\", \"Action\": \"iam:*\", \"Resource\": \"*\","
                                + " \"Condition\": {\"Bool\": {\"warden:MultiFactorAuthPresent\": \"true\"}}}"),
                        false,
                        0,
                        new PrincipalRef("user", "bob"))
                .policy("reader", doc(allow("warden:DescribeThing", "*")), false, 0, new PrincipalRef("user", "carol"));
        node.users.add(new UserView("alice", false, NOW, List.of()));
        node.users.add(new UserView("bob", false, NOW, List.of()));
        node.users.add(new UserView("carol", false, NOW, List.of()));
        node.users.add(new UserView("dave", false, NOW, List.of("ops")));
        node.users.add(new UserView("erin", true, NOW, List.of("ops")));

        assertThat(run(CheckId.IAM_USER_WITHOUT_MFA, node))
                .extracting(Finding::resourceArn)
                .containsExactlyInAnyOrder("arn:warden:iam::acme:user/alice", "arn:warden:iam::acme:user/dave");
    }

    @Test
    void credentialsUnusedForNinetyDays() {
        TestInventory node = new TestInventory()
                .device("c1", "idle", CertificateStatus.ACTIVE, 200, 800, TestInventory.P256)
                .device("c2", "busy", CertificateStatus.ACTIVE, 200, 800, TestInventory.P256)
                .device("c3", "connected", CertificateStatus.ACTIVE, 200, 800, TestInventory.P256)
                .device("c4", "new", CertificateStatus.ACTIVE, 10, 800, TestInventory.P256)
                .used("cert/c2", NOW.minus(Duration.ofDays(150)), NOW.minus(Duration.ofDays(2)))
                .used("cert/c3", NOW.minus(Duration.ofDays(199)), NOW.minus(Duration.ofDays(199)));
        node.liveSessions.add(new dev.warden.compliance.inventory.LiveSession("connected", "c3"));
        node.apiKeys.add(
                new ApiKeyView("k1", "etl", NOW.minus(Duration.ofDays(100)), NOW.plus(Duration.ofDays(9)), false));
        node.apiKeys.add(
                new ApiKeyView("k2", "etl", NOW.minus(Duration.ofDays(100)), NOW.plus(Duration.ofDays(9)), true));
        node.principals.add(new PrincipalView("admin", "bootstrap-1", NOW.minus(Duration.ofDays(300)), true));
        node.used("admin/bootstrap-1", NOW.minus(Duration.ofDays(300)), NOW.minus(Duration.ofDays(1)));

        List<Finding> found = run(CheckId.UNUSED_CREDENTIAL, node);

        assertThat(found)
                .extracting(Finding::resourceArn)
                .containsExactlyInAnyOrder(
                        "arn:warden:iot:eu-west-1:acme:cert/c1", "arn:warden:iam::acme:service/etl/key/k1");
        assertThat(found)
                .filteredOn(f -> f.resourceArn().endsWith("cert/c1"))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.reasonCode()).isEqualTo("NEVER_USED");
                    assertThat(f.fix())
                            .hasValueSatisfying(
                                    fix -> assertThat(fix.command()).isEqualTo("warden cert deactivate c1"));
                });
        assertThat(found)
                .filteredOn(f -> f.resourceArn().endsWith("key/k1"))
                .singleElement()
                .satisfies(f -> assertThat(f.fix()).hasValueSatisfying(fix -> {
                    assertThat(fix.method()).isEqualTo("DELETE");
                    assertThat(fix.path()).isEqualTo("/service-accounts/etl/keys/k1");
                }));
    }

    @Test
    void theBootstrapCredentialUsedAfterAnotherAdministratorStartedIsFound() {
        TestInventory node = new TestInventory().policy("admins", doc(allow("*", "*")), false, 0, ALICE);
        node.principals.add(new PrincipalView("admin", "bootstrap-1", NOW.minus(Duration.ofDays(30)), true));
        node.users.add(new UserView("alice", true, NOW.minus(Duration.ofDays(20)), List.of()));
        node.used("admin/bootstrap-1", NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(10)));
        // alice has an admin policy but never used her account: the bootstrap is what exists
        assertThat(run(CheckId.ADMIN_CREDENTIAL_BOOTSTRAP_IN_USE, node)).isEmpty();

        node.used("user/alice", NOW.minus(Duration.ofDays(12)), NOW.minus(Duration.ofDays(1)));
        assertThat(run(CheckId.ADMIN_CREDENTIAL_BOOTSTRAP_IN_USE, node))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.resourceArn()).isEqualTo("arn:warden:iam::acme:admin/bootstrap-1");
                    assertThat(f.detail()).contains("user alice");
                });
    }
}
