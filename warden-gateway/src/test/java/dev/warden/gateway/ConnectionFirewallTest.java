package dev.warden.gateway;

import static dev.warden.gateway.CidrTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The firewall alone, on a fake clock: every rule, ban escalation and the memory bound, without sleeping. */
class ConnectionFirewallTest {
    private static final InetAddress A = ip("198.51.100.7");
    private static final InetAddress B = ip("198.51.100.8");
    private static final ConnectionFirewall.FailureKind TLS = ConnectionFirewall.FailureKind.TLS_HANDSHAKE;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<String> bans = new ArrayList<>();

    private ConnectionFirewall firewall(FirewallRules rules) {
        return firewall(rules, 1_000);
    }

    private ConnectionFirewall firewall(FirewallRules rules, int maxConnections) {
        return new ConnectionFirewall(rules, maxConnections, now::get, new ConnectionFirewall.BanListener() {
            @Override
            public void banned(BanTarget target, Duration duration, String reason, boolean manual) {
                bans.add(target.value() + " " + duration);
            }

            @Override
            public void lifted(BanTarget target, boolean expired) {
                bans.add((expired ? "expired " : "lifted ") + target);
            }
        });
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void emptyAllowListAdmitsEveryAddressNotDenied() {
        ConnectionFirewall fw = firewall(FirewallRules.defaults().withDeny("198.51.100.8/32"));
        assertThat(fw.admit(A)).isEqualTo(Admission.ADMITTED);
        assertThat(fw.admit(ip("2001:db8::1"))).isEqualTo(Admission.ADMITTED);
        assertThat(fw.admit(B)).isEqualTo(Admission.DENIED_CIDR);
    }

    @Test
    void allowListAdmitsOnlyItsNetworksAndDenyWins() {
        ConnectionFirewall fw = firewall(FirewallRules.defaults()
                .withAllow("198.51.100.0/24", "2001:db8::/32")
                .withDeny("198.51.100.8", "2001:db8:bad::/48"));
        assertThat(fw.admit(A)).isEqualTo(Admission.ADMITTED);
        assertThat(fw.admit(ip("2001:db8:1::1"))).isEqualTo(Admission.ADMITTED);
        assertThat(fw.admit(B)).as("allowed and denied: deny wins").isEqualTo(Admission.DENIED_CIDR);
        assertThat(fw.admit(ip("2001:db8:bad::1"))).isEqualTo(Admission.DENIED_CIDR);
        assertThat(fw.admit(ip("203.0.113.1"))).isEqualTo(Admission.NOT_ALLOWED_CIDR);
        assertThat(fw.admit(ip("2001:db9::1"))).isEqualTo(Admission.NOT_ALLOWED_CIDR);
        assertThat(fw.refusals().get(Admission.DENIED_CIDR)).isEqualTo(2);
        assertThat(fw.refusals().get(Admission.NOT_ALLOWED_CIDR)).isEqualTo(2);
        assertThat(fw.trackedAddresses()).as("refused by CIDR: no state kept").isEqualTo(2);
    }

    @Test
    void connectionsBeyondTheBurstAreRateLimitedUntilTokensRefill() {
        ConnectionFirewall fw = firewall(FirewallRules.defaults().withConnectionRate(new Rate(2, 5)));
        for (int i = 0; i < 5; i++) {
            assertThat(fw.admit(A)).isEqualTo(Admission.ADMITTED);
            fw.connectionClosed(A);
        }
        assertThat(fw.admit(A)).isEqualTo(Admission.RATE_LIMITED);
        assertThat(fw.admit(B)).as("buckets are per address").isEqualTo(Admission.ADMITTED);
        advance(Duration.ofMillis(400));
        assertThat(fw.admit(A)).isEqualTo(Admission.RATE_LIMITED);
        advance(Duration.ofMillis(200));
        assertThat(fw.admit(A)).as("one token after 1/rate s").isEqualTo(Admission.ADMITTED);
        assertThat(fw.admit(A)).isEqualTo(Admission.RATE_LIMITED);
    }

    @Test
    void connectionsPerAddressAndInTotalAreCapped() {
        ConnectionFirewall fw = firewall(FirewallRules.defaults().withMaxConnectionsPerIp(2), 3);
        assertThat(fw.admit(A)).isEqualTo(Admission.ADMITTED);
        assertThat(fw.admit(A)).isEqualTo(Admission.ADMITTED);
        assertThat(fw.admit(A)).isEqualTo(Admission.TOO_MANY_CONNECTIONS_FROM_IP);
        assertThat(fw.admit(B)).isEqualTo(Admission.ADMITTED);
        assertThat(fw.admit(ip("198.51.100.9"))).isEqualTo(Admission.TOO_MANY_CONNECTIONS);
        fw.connectionClosed(A);
        assertThat(fw.openConnections()).isEqualTo(2);
        assertThat(fw.admit(A)).as("a closed connection frees its slot").isEqualTo(Admission.ADMITTED);
    }

    @Test
    void failuresWithinTheWindowBanTheAddressUntilTheBanExpires() {
        ConnectionFirewall fw = firewall(FirewallRules.defaults()
                .withBans(new BanPolicy(3, Duration.ofSeconds(60), Duration.ofMinutes(1), Duration.ofHours(1))));
        // GIVEN two failures THEN no ban yet
        assertThat(fw.recordFailure(A, TLS)).isFalse();
        assertThat(fw.recordFailure(A, ConnectionFirewall.FailureKind.AUTHENTICATION))
                .isFalse();
        assertThat(fw.admit(A)).isEqualTo(Admission.ADMITTED);
        // WHEN the third comes within the window THEN the address is banned, others are not
        assertThat(fw.recordFailure(A, TLS)).isTrue();
        assertThat(fw.admit(A)).isEqualTo(Admission.BANNED);
        assertThat(fw.admit(B)).isEqualTo(Admission.ADMITTED);
        assertThat(bans).containsExactly("198.51.100.7 PT1M");
        assertThat(fw.bans()).singleElement().satisfies(b -> {
            assertThat(b.address()).isEqualTo(A);
            assertThat(b.remaining()).isEqualTo(Duration.ofMinutes(1));
        });
        assertThat(fw.recordFailure(A, TLS))
                .as("failures while banned start no new ban")
                .isFalse();
        // AND the ban expires
        advance(Duration.ofSeconds(59));
        assertThat(fw.admit(A)).isEqualTo(Admission.BANNED);
        advance(Duration.ofSeconds(1));
        assertThat(fw.admit(A)).isEqualTo(Admission.ADMITTED);
        assertThat(fw.bans()).isEmpty();
    }

    @Test
    void failuresSpreadBeyondTheWindowDoNotBan() {
        ConnectionFirewall fw = firewall(FirewallRules.defaults()
                .withBans(new BanPolicy(3, Duration.ofSeconds(60), Duration.ofMinutes(1), Duration.ofHours(1))));
        for (int i = 0; i < 10; i++) {
            assertThat(fw.recordFailure(A, TLS)).isFalse();
            advance(Duration.ofSeconds(31));
        }
        assertThat(fw.admit(A)).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void repeatedBansDoubleUpToTheMaximum() {
        ConnectionFirewall fw = firewall(FirewallRules.defaults()
                .withBans(new BanPolicy(2, Duration.ofSeconds(60), Duration.ofMinutes(1), Duration.ofMinutes(5))));
        List<Duration> lengths = new ArrayList<>();
        for (int ban = 0; ban < 5; ban++) {
            fw.recordFailure(A, TLS);
            assertThat(fw.recordFailure(A, TLS)).isTrue();
            Duration length = fw.bans().get(0).remaining();
            lengths.add(length);
            advance(length);
            assertThat(fw.admit(A)).isEqualTo(Admission.ADMITTED);
            fw.connectionClosed(A);
        }
        assertThat(lengths)
                .containsExactly(
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(2),
                        Duration.ofMinutes(4),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(5));
        assertThat(fw.bansStarted()).isEqualTo(5);
    }

    @Test
    void escalationIsForgottenAfterAQuietMaxBanPeriod() {
        FirewallRules rules = FirewallRules.defaults()
                .withMaxTrackedAddresses(16)
                .withBans(new BanPolicy(1, Duration.ofSeconds(60), Duration.ofMinutes(1), Duration.ofMinutes(10)));
        ConnectionFirewall fw = firewall(rules);
        assertThat(fw.recordFailure(A, TLS)).isTrue();
        advance(Duration.ofMinutes(1));
        assertThat(fw.recordFailure(A, TLS)).isTrue();
        assertThat(fw.bans().get(0).remaining()).isEqualTo(Duration.ofMinutes(2));
        advance(Duration.ofMinutes(2).plus(Duration.ofMinutes(10)));
        // Other addresses' admissions sweep the idle entry.
        fw.admit(B);
        assertThat(fw.recordFailure(A, TLS)).isTrue();
        assertThat(fw.bans())
                .filteredOn(b -> b.address().equals(A))
                .singleElement()
                .satisfies(b -> assertThat(b.remaining()).isEqualTo(Duration.ofMinutes(1)));
    }

    @Test
    void operatorsBanAndUnban() {
        ConnectionFirewall fw = firewall(FirewallRules.defaults());
        fw.ban(A, Duration.ofMinutes(30));
        assertThat(fw.admit(A)).isEqualTo(Admission.BANNED);
        assertThat(fw.bans())
                .singleElement()
                .satisfies(b -> assertThat(b.reason()).isEqualTo("operator"));
        assertThat(bans).containsExactly("198.51.100.7 PT30M");
        assertThat(fw.unban(A)).isTrue();
        assertThat(fw.unban(A)).isFalse();
        assertThat(fw.admit(A)).isEqualTo(Admission.ADMITTED);
        assertThat(fw.refusals().get(Admission.BANNED)).isEqualTo(1);
        assertThat(bans).containsExactly("198.51.100.7 PT30M", "lifted ip 198.51.100.7");
    }

    @Test
    void exemptAddressesAreNeverBannedAutomaticallyButOthersAre() {
        // GIVEN a ban at 3 failures and a monitoring network that is exempt
        FirewallRules rules = FirewallRules.defaults()
                .withBanExempt("198.51.100.0/30")
                .withBans(new BanPolicy(3, Duration.ofSeconds(60), Duration.ofMinutes(1), Duration.ofHours(1)));
        ConnectionFirewall fw = firewall(rules);
        // WHEN a scanner in it fails the handshake 100 times within a second
        for (int i = 0; i < 100; i++) {
            assertThat(fw.recordFailure(ip("198.51.100.1"), TLS)).isFalse();
        }
        // THEN it is never banned, while an address outside it is banned at its third failure
        assertThat(fw.admit(ip("198.51.100.1"))).isEqualTo(Admission.ADMITTED);
        fw.recordFailure(A, TLS);
        fw.recordFailure(A, TLS);
        assertThat(fw.recordFailure(A, TLS)).isTrue();
        assertThat(fw.admit(A)).isEqualTo(Admission.BANNED);
        assertThat(bans).containsExactly("198.51.100.7 PT1M");
        // AND an operator may still ban an exempt address explicitly
        fw.ban(BanTarget.ip("198.51.100.1"), Duration.ofMinutes(5), "scanner misconfigured");
        assertThat(fw.admit(ip("198.51.100.1"))).isEqualTo(Admission.BANNED);
    }

    @Test
    void clientIdsAndThingsAreBannedEachUnderItsOwnPolicyFromAnyAddress() {
        // GIVEN client IDs banned at 2 failures in 10 s, things at 3 in 60 s, addresses only at 100
        FirewallRules rules = FirewallRules.defaults()
                .withBans(new BanPolicy(100, Duration.ofSeconds(60), Duration.ofMinutes(1), Duration.ofHours(1)))
                .withClientIdBans(new BanPolicy(2, Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofHours(1)))
                .withThingBans(new BanPolicy(3, Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofHours(1)));
        ConnectionFirewall fw = firewall(rules);
        var auth = ConnectionFirewall.FailureKind.AUTHENTICATION;
        // WHEN client ID "c1" fails twice 11 s apart THEN the window forgot the first failure
        fw.recordFailure(A, auth, "c1", null);
        advance(Duration.ofSeconds(11));
        assertThat(fw.recordFailure(B, auth, "c1", null)).isFalse();
        // WHEN it fails again within the window, from yet another address THEN it is banned, not the addresses
        assertThat(fw.recordFailure(ip("203.0.113.9"), auth, "c1", null)).isTrue();
        assertThat(fw.bannedIdentity("c1", "thing-x")).isEqualTo(BanTarget.clientId("c1"));
        assertThat(fw.admit(A)).isEqualTo(Admission.ADMITTED);
        // WHEN a thing fails three times under three client IDs THEN the thing is banned for 5 minutes
        fw.recordFailure(A, auth, "x1", "thing-t");
        fw.recordFailure(A, auth, "x2", "thing-t");
        assertThat(fw.recordFailure(A, auth, "x3", "thing-t")).isTrue();
        assertThat(fw.bannedIdentity("x4", "thing-t")).isEqualTo(BanTarget.thing("thing-t"));
        assertThat(fw.bannedIdentity("x4", "thing-other")).isNull();
        assertThat(bans).containsExactly("c1 PT2M", "thing-t PT5M");
        assertThat(fw.refusals().get(Admission.BANNED)).isEqualTo(2);
        // WHEN the client ID's ban runs out THEN the expiry is reported once
        advance(Duration.ofMinutes(2));
        assertThat(fw.expireBans()).isEqualTo(1);
        assertThat(fw.expireBans()).isZero();
        assertThat(bans).contains("expired client-id c1");
        assertThat(fw.bannedIdentity("c1", null)).isNull();
        assertThat(fw.bans()).extracting(Ban::target).containsExactly(BanTarget.thing("thing-t"));
    }

    @Test
    void operatorBansOfClientIdsAndRestoredBansAreEnforcedAndRestoringIsSilent() {
        ConnectionFirewall fw = firewall(FirewallRules.defaults());
        fw.ban(BanTarget.clientId("rogue"), Duration.ofHours(1), "compromised");
        fw.restoreBan(BanTarget.ip("198.51.100.8"), Duration.ofMinutes(10), "kept across restart");
        assertThat(fw.bannedIdentity("rogue", "any")).isEqualTo(BanTarget.clientId("rogue"));
        assertThat(fw.admit(B)).isEqualTo(Admission.BANNED);
        assertThat(fw.bans()).allMatch(Ban::manual).hasSize(2);
        assertThat(bans).containsExactly("rogue PT1H");
        assertThat(fw.unban(BanTarget.clientId("rogue"))).isTrue();
        assertThat(fw.bannedIdentity("rogue", "any")).isNull();
    }

    @Test
    void aFloodFromManyAddressesKeepsTheStateTableBounded() {
        FirewallRules rules = FirewallRules.defaults()
                .withMaxTrackedAddresses(1_000)
                .withBans(new BanPolicy(1, Duration.ofSeconds(60), Duration.ofMinutes(1), Duration.ofHours(1)));
        ConnectionFirewall fw = firewall(rules, 100_000);
        // GIVEN a banned address and a connected one
        fw.recordFailure(A, TLS);
        assertThat(fw.admit(B)).isEqualTo(Admission.ADMITTED);
        // WHEN 50,000 other addresses (e.g. spoofed or rotated IPv6) connect and disconnect
        for (int i = 0; i < 50_000; i++) {
            InetAddress source = ip("10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF));
            assertThat(fw.admit(source)).isEqualTo(Admission.ADMITTED);
            fw.connectionClosed(source);
            advance(Duration.ofMillis(1));
        }
        // THEN the table stays within its bound and the busy entries survive
        assertThat(fw.trackedAddresses()).isLessThanOrEqualTo(1_000);
        assertThat(fw.admit(A)).isEqualTo(Admission.BANNED);
        assertThat(fw.openConnections()).isEqualTo(1);
    }

    @Test
    void longLivedConnectionsDoNotBlockEvictionOfIdleAddresses() {
        ConnectionFirewall fw = firewall(FirewallRules.defaults().withMaxTrackedAddresses(100), 100_000);
        // GIVEN 90 devices that stay connected (the least recently seen entries)
        for (int i = 0; i < 90; i++) {
            assertThat(fw.admit(ip("192.0.2." + i))).isEqualTo(Admission.ADMITTED);
        }
        // WHEN 10,000 other addresses come and go
        for (int i = 0; i < 10_000; i++) {
            InetAddress source = ip("10.1." + (i >> 8 & 0xFF) + "." + (i & 0xFF));
            assertThat(fw.admit(source)).as("address %s", i).isEqualTo(Admission.ADMITTED);
            fw.connectionClosed(source);
        }
        // THEN all were admitted within the bound, and the connected devices are still counted
        assertThat(fw.trackedAddresses()).isLessThanOrEqualTo(100);
        assertThat(fw.openConnections()).isEqualTo(90);
    }

    @Test
    void whenEveryTrackedAddressIsBusyNewAddressesAreRefusedNotTracked() {
        FirewallRules rules = FirewallRules.defaults().withMaxTrackedAddresses(16);
        ConnectionFirewall fw = firewall(rules);
        for (int i = 0; i < 16; i++) {
            assertThat(fw.admit(ip("10.0.0." + i))).isEqualTo(Admission.ADMITTED);
        }
        assertThat(fw.admit(ip("10.0.1.1"))).isEqualTo(Admission.TOO_MANY_CONNECTIONS);
        assertThat(fw.trackedAddresses()).isEqualTo(16);
        fw.connectionClosed(ip("10.0.0.3"));
        assertThat(fw.admit(ip("10.0.1.1")))
                .as("an entry without connections can be evicted")
                .isEqualTo(Admission.ADMITTED);
    }

    @Test
    void banLengthDoesNotOverflow() {
        BanPolicy policy = new BanPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofDays(365));
        assertThat(policy.banLength(Integer.MAX_VALUE)).isEqualTo(Duration.ofDays(365));
    }
}
