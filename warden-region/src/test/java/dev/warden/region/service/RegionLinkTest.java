package dev.warden.region.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditResult;
import dev.warden.pki.CertificateIssuer;
import dev.warden.pki.CertificateProfile;
import dev.warden.pki.IssueRequest;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.ChangeChain;
import dev.warden.region.core.ChangeEntry;
import dev.warden.region.core.Deployment;
import dev.warden.region.core.RegionNode;
import dev.warden.region.link.LinkClient;
import dev.warden.region.link.LinkOperation;
import dev.warden.region.link.LinkTls;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two and three regions in one JVM, each with its own database, CA and audit trail, joined over real mutual-TLS links:
 * joining, IAM replicated and verified, and the refusals of anyone who is not a member speaking for itself.
 */
class RegionLinkTest {
    @TempDir
    Path dir;

    private TestRegion eu;
    private TestRegion us;

    @BeforeEach
    void regions() {
        eu = new TestRegion(dir, "eu-west-1");
        us = new TestRegion(dir, "us-east-1");
    }

    @AfterEach
    void close() {
        us.close();
        eu.close();
    }

    @Test
    void aRegionJoinsWithATokenAndAppliesTheControlRegionsIamInOrder() throws Exception {
        // GIVEN a user and a policy in eu-west-1, and a member-local user in us-east-1 that joining will replace
        eu.execute(
                "INSERT INTO users (name, password_hash, mfa_secret, mfa_enabled, mfa_last_step, recovery_codes,"
                        + " failed_logins, locked_until, created_at) VALUES ('alice', 'h1', 'SEALED-IN-EU', 1, 7, NULL, 3, 0, 1)");
        us.execute("INSERT INTO users (name, password_hash, mfa_enabled, mfa_last_step, failed_logins, locked_until,"
                + " created_at) VALUES ('local-only', 'h0', 0, 0, 0, 0, 1)");

        // WHEN eu-west-1 makes a token for us-east-1 and us-east-1 joins with it
        String token = eu.regions.createJoinToken("us-east-1", Duration.ofMinutes(5));
        Deployment joined = us.regions.join(token, java.util.Optional.empty());

        // THEN us-east-1 is a member of eu-west-1's deployment, and both regions recorded it
        assertThat(joined.role()).isEqualTo(Deployment.Role.MEMBER);
        assertThat(joined.controlRegion()).isEqualTo("eu-west-1");
        assertThat(eu.regions.service().members())
                .extracting(m -> m.region())
                .containsExactly("eu-west-1", "us-east-1");
        assertThat(actions(eu.events("region:"))).contains("region:CreateJoinToken", "region:AcceptJoin");
        assertThat(actions(us.events("region:"))).contains("region:Join");

        // AND eu-west-1's IAM arrives: alice without her MFA seed and login counters, the local user gone
        await(() -> us.count("SELECT COUNT(*) FROM users WHERE name = 'alice'") == 1);
        assertThat(us.count("SELECT COUNT(*) FROM users WHERE name = 'local-only'"))
                .isZero();
        assertThat(us.count("SELECT COUNT(*) FROM users WHERE name = 'alice' AND mfa_secret IS NULL"
                        + " AND failed_logins = 0 AND mfa_enabled = 1 AND password_hash = 'h1'"))
                .isEqualTo(1);

        // WHEN eu-west-1 changes a policy, attaches it, and deletes it again
        eu.execute("INSERT INTO policies (name, document, built_in, created_at, updated_at)"
                + " VALUES ('readers', '{}', 0, 1, 1)");
        eu.execute("INSERT INTO principal_policies (principal_type, principal_id, policy_name)"
                + " VALUES ('user', 'alice', 'readers')");
        eu.regions.iamChanged();
        // THEN each change is applied in us-east-1, in order
        await(() -> us.count("SELECT COUNT(*) FROM principal_policies WHERE policy_name = 'readers'") == 1);
        eu.execute("DELETE FROM principal_policies WHERE policy_name = 'readers'");
        eu.execute("DELETE FROM policies WHERE name = 'readers'");
        eu.regions.iamChanged();
        await(() -> us.count("SELECT COUNT(*) FROM policies WHERE name = 'readers'") == 0);
        assertThat(us.count("SELECT COUNT(*) FROM principal_policies WHERE policy_name = 'readers'"))
                .isZero();
        ReplicationStatus status = us.regions.replication().orElseThrow();
        assertThat(status.appliedSeq()).isEqualTo(eu.regions.iamLastSeq().orElseThrow());
        assertThat(status.connected()).isTrue();
        assertThat(status.staleness()).isZero();
        assertThat(us.applied.get()).isPositive();
        assertThat(actions(us.events("region:ApplyIamChanges"))).isNotEmpty();

        // AND a member refuses IAM changes of its own, naming the control region
        assertThatThrownBy(() -> us.regions.requireIamWritable())
                .isInstanceOfSatisfying(
                        RegionException.class, e -> assertThat(e.reason()).isEqualTo(RegionReason.IAM_READ_ONLY_REGION))
                .hasMessageContaining("eu-west-1");
    }

    @Test
    void replicationWorksTheSameOnPostgresql() throws Exception {
        try (TestRegion pg = new TestRegion(dir, "eu-central-1", dev.warden.testkit.PostgresFixture.freshSchemaUrl())) {
            eu.execute(
                    "INSERT INTO users (name, password_hash, mfa_secret, mfa_enabled, mfa_last_step, recovery_codes,"
                            + " failed_logins, locked_until, created_at) VALUES ('alice', 'h1', 'SEALED', 1, 7, NULL, 3, 0, 1)");
            eu.execute("INSERT INTO policy_versions (policy_name, version, document, restores, created_at)"
                    + " VALUES ('readers', 1, '{}', NULL, 1)");
            eu.execute("INSERT INTO policies (name, document, built_in, created_at, updated_at)"
                    + " VALUES ('readers', '{}', 0, 1, 1)");
            pg.regions.join(
                    eu.regions.createJoinToken("eu-central-1", Duration.ofMinutes(5)), java.util.Optional.empty());
            await(() -> pg.count("SELECT COUNT(*) FROM policy_versions WHERE policy_name = 'readers'") == 1);
            assertThat(pg.count("SELECT COUNT(*) FROM users WHERE name = 'alice' AND mfa_secret IS NULL"
                            + " AND failed_logins = 0 AND mfa_enabled = 1"))
                    .isEqualTo(1);
            pg.execute("UPDATE users SET disabled = 1 WHERE name = 'alice'");
            eu.execute("UPDATE users SET password_hash = 'h2' WHERE name = 'alice'");
            eu.regions.iamChanged();
            await(() -> pg.count("SELECT COUNT(*) FROM users WHERE name = 'alice' AND password_hash = 'h2'") == 1);
            assertThat(pg.count("SELECT disabled FROM users WHERE name = 'alice'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aContainmentMadeInAMemberIsNeverUndoneByReplication() throws Exception {
        eu.execute("INSERT INTO users (name, password_hash, mfa_enabled, mfa_last_step, failed_logins, locked_until,"
                + " created_at) VALUES ('mallory', 'h1', 0, 0, 0, 0, 1)");
        us.regions.join(eu.regions.createJoinToken("us-east-1", Duration.ofMinutes(5)), java.util.Optional.empty());
        await(() -> us.count("SELECT COUNT(*) FROM users WHERE name = 'mallory'") == 1);
        // a playbook in us-east-1 disables mallory there
        us.execute("UPDATE users SET disabled = 1 WHERE name = 'mallory'");
        // WHEN eu-west-1 changes mallory's row (a new password) THEN the change arrives, the disable stays
        eu.execute("UPDATE users SET password_hash = 'h2' WHERE name = 'mallory'");
        eu.regions.iamChanged();
        await(() -> us.count("SELECT COUNT(*) FROM users WHERE name = 'mallory' AND password_hash = 'h2'") == 1);
        assertThat(us.count("SELECT disabled FROM users WHERE name = 'mallory'"))
                .isEqualTo(1);
        // AND a disable made in the control region reaches the member as usual
        eu.execute("INSERT INTO users (name, password_hash, mfa_enabled, mfa_last_step, failed_logins, locked_until,"
                + " created_at, disabled) VALUES ('trent', 'h3', 0, 0, 0, 0, 1, 1)");
        eu.regions.iamChanged();
        await(() -> us.count("SELECT COUNT(*) FROM users WHERE name = 'trent' AND disabled = 1") == 1);
    }

    @Test
    void aJoinTokenWorksOnceAndOnlyForTheRegionItWasMadeFor() {
        String token = eu.regions.createJoinToken("ap-southeast-1", Duration.ofMinutes(5));
        // us-east-1 presents a token made for another region: refused, and nothing changed on either side
        assertThatThrownBy(() -> us.regions.join(token, java.util.Optional.empty()))
                .isInstanceOfSatisfying(
                        RegionException.class, e -> assertThat(e.reason()).isEqualTo(RegionReason.JOIN_TOKEN_INVALID));
        assertThat(us.regions.service().deployment()).isEmpty();
        List<AuditEvent> refusals = eu.events("region:AcceptJoin");
        assertThat(refusals).hasSize(1);
        assertThat(refusals.get(0).result()).isEqualTo(AuditResult.DENY);

        try (TestRegion ap = new TestRegion(dir, "ap-southeast-1")) {
            ap.regions.join(token, java.util.Optional.empty());
            assertThat(ap.regions.service().deployment()).isPresent();
            // a used token cannot be used again, even by the region it was made for after leaving
            ap.regions.leave();
            assertThatThrownBy(() -> ap.regions.join(token, java.util.Optional.empty()))
                    .isInstanceOfSatisfying(
                            RegionException.class,
                            e -> assertThat(e.reason()).isEqualTo(RegionReason.JOIN_TOKEN_INVALID));
            assertThat(actions(eu.events("region:"))).contains("region:RemoveMember");
        }
        assertThatThrownBy(() -> us.regions.join("wjt1.not-a-token", java.util.Optional.empty()))
                .isInstanceOfSatisfying(
                        RegionException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegionReason.JOIN_TOKEN_MALFORMED));
    }

    @Test
    void aChangeAlteredOnItsWayIsRefusedAndNothingOfItApplied() throws Exception {
        us.regions.join(eu.regions.createJoinToken("us-east-1", Duration.ofMinutes(5)), java.util.Optional.empty());
        eu.execute("INSERT INTO roles (name, trust_policy, max_session_seconds, created_at)"
                + " VALUES ('auditor', '{}', 3600, 1)");
        eu.regions.iamChanged();
        await(() -> us.count("SELECT COUNT(*) FROM roles WHERE name = 'auditor'") == 1);
        Deployment member = us.store.deployment().orElseThrow();
        ChangeEntry genuine = eu.store.changesAfter(member.appliedSeq() - 1, 1).get(0);
        IamReplica replica = new IamReplica(
                us.store,
                () -> {
                    throw new AssertionError("not called");
                },
                new RegionEvents(us.audit, TestRegion.ACCOUNT, "us-east-1"),
                () -> {},
                () -> {},
                Clock.systemUTC());

        // a next change whose body was altered (its hash recomputed to match, the signature left as it was)
        String body = genuine.body().replace("auditor", "attacker");
        long next = member.appliedSeq() + 1;
        ChangeEntry altered = new ChangeEntry(
                next,
                member.appliedHash(),
                ChangeChain.hash(next, member.appliedHash(), body),
                body,
                genuine.signature(),
                genuine.createdAt());
        // a replay of a change already applied, and a change that skips one
        ChangeEntry replayed = genuine;
        ChangeEntry skipping = new ChangeEntry(
                next + 1,
                member.appliedHash(),
                genuine.hash(),
                genuine.body(),
                genuine.signature(),
                genuine.createdAt());
        for (var entry : List.of(altered, replayed, skipping)) {
            assertThatThrownBy(() -> replica.apply(member, List.of(entry)))
                    .isInstanceOfSatisfying(
                            RegionException.class,
                            e -> assertThat(e.reason())
                                    .isIn(RegionReason.CHANGE_TAMPERED, RegionReason.CHANGE_OUT_OF_ORDER));
        }
        assertThat(us.count("SELECT COUNT(*) FROM roles WHERE name = 'attacker'"))
                .isZero();
        assertThat(us.store.deployment().orElseThrow().appliedSeq()).isEqualTo(member.appliedSeq());
        assertThat(us.events("region:ApplyIamChanges").stream()
                        .filter(e -> e.result() == AuditResult.DENY)
                        .count())
                .isEqualTo(3);
    }

    @Test
    void onlyAMemberSpeakingForItsOwnRegionMayCallAMemberOperation() {
        us.regions.join(eu.regions.createJoinToken("us-east-1", Duration.ofMinutes(5)), java.util.Optional.empty());
        X509Certificate euRoot = eu.hierarchy.root().certificate();

        // us-east-1, as itself: allowed
        LinkClient asUs = new LinkClient(
                eu.regions.service().local().linkUrl(),
                "eu-west-1",
                LinkTls.clientFactory(
                        us.regions.service().local().linkKey(),
                        us.regions.service().local().chain(),
                        euRoot));
        assertThat(asUs.call(LinkOperation.DEPLOYMENT, "", null, Duration.ofSeconds(10))
                        .path("controlRegion")
                        .asText())
                .isEqualTo("eu-west-1");

        // us-east-1's CA minting a certificate that names ap-southeast-1 (or eu-west-1): refused by the route
        for (String claimed : List.of("ap-southeast-1", "eu-west-1")) {
            KeyPair keys = TestRegion.keys();
            RegionNode impostor = new RegionNode(TestRegion.ACCOUNT, claimed, "node-1");
            X509Certificate forged = new CertificateIssuer(
                            us.hierarchy.issuing(), new SecureRandom(), Clock.systemUTC())
                    .issue(new IssueRequest(
                            claimed + "/node-1",
                            impostor.arn(),
                            keys.getPublic(),
                            Duration.ofDays(1),
                            null,
                            null,
                            CertificateProfile.REGION_NODE));
            LinkClient asImpostor = new LinkClient(
                    eu.regions.service().local().linkUrl(),
                    "eu-west-1",
                    LinkTls.clientFactory(
                            keys.getPrivate(),
                            List.of(
                                    forged,
                                    us.hierarchy.issuing().certificate(),
                                    us.hierarchy.root().certificate()),
                            euRoot));
            assertThatThrownBy(
                            () -> asImpostor.call(LinkOperation.IAM_CHANGES, "after=0", null, Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(
                            RegionException.class, e -> assertThat(e.reason()).isEqualTo(RegionReason.PEER_NOT_MEMBER));
        }

        // a region of no deployment: its chain is refused in the TLS handshake
        try (TestRegion stranger = new TestRegion(dir, "sa-east-1")) {
            LinkClient asStranger = new LinkClient(
                    eu.regions.service().local().linkUrl(),
                    "eu-west-1",
                    LinkTls.clientFactory(
                            stranger.regions.service().local().linkKey(),
                            stranger.regions.service().local().chain(),
                            euRoot));
            assertThatThrownBy(
                            () -> asStranger.call(LinkOperation.IAM_CHANGES, "after=0", null, Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(
                            RegionException.class,
                            e -> assertThat(e.reason())
                                    .isIn(RegionReason.LINK_UNAVAILABLE, RegionReason.PEER_NOT_MEMBER));
        }
    }

    private static List<String> actions(List<AuditEvent> events) {
        return events.stream().map(AuditEvent::action).toList();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 15 s");
            }
            Thread.sleep(20);
        }
    }
}
