package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.demo.DemoRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The README's first command: every attack of the demo is blocked and the audit trail it leaves verifies. It runs on
 * regions other than the defaults ({@code ./warden demo --regions}), so that nothing in it depends on their names.
 */
class DemoIT {
    @Test
    void everyAttackIsBlockedAndTheTrailIsIntact() throws Exception {
        StringWriter out = new StringWriter();
        var regions = java.util.List.of("eu-north-1", "ap-southeast-1", "eu-west-1");
        int exit = new DemoRun(
                        new DemoRun.Options(5, Duration.ofSeconds(1), false, false, regions),
                        new PrintWriter(out, true))
                .run();
        String text = out.toString();
        assertThat(exit).as(text).isZero();
        assertThat(text)
                .contains("provisioned 5/5 devices")
                .contains("No client certificate")
                .contains("Certificate from an unknown CA")
                .contains("TLS 1.1 downgrade")
                .contains("Publish to another device's topic")
                .contains("Subscribe to #")
                .contains("Revoked certificate (live session)")
                .contains("Connection flood from one IP")
                .doesNotContain("NOT blocked")
                .doesNotContain("GOT IN")
                .containsPattern("\\d+ events recorded in a hash chain, \\d+ signed digests: intact")
                .contains("its events deleted from a copy of the database -> detected, SHORTER_THAN_ANCHOR")
                .doesNotContain("no alarm")
                .containsPattern("ETSI EN 303 645: [1-9]\\d* controls met, \\d+ not met")
                .contains("MASTER_KEY_PASSPHRASE_ON_NODE")
                // Quarantined at once; the incident its alarm opened may already have revoked the certificate too.
                .containsPattern(
                        "the shared certificate's device: (quarantined automatically: its next publish refused"
                                + " \\(PUBACK NOT_AUTHORIZED\\)|contained automatically: quarantined, then its certificate"
                                + " revoked and its session cut by the incident's playbook), \\d+\\.\\d s after the attack began")
                .containsPattern("incident \\d+ \\(sev2\\) opened by monitoring: shared-certificate on sensor-04;"
                        + " playbook compromised-device, contained \\d+\\.\\d s after the first sign")
                .containsPattern("Drill compromised-device: incident \\d+, contained")
                .containsPattern("Drill stolen-credential: incident \\d+, contained")
                .containsPattern("Drill leaked-secret: incident \\d+, contained")
                .containsPattern("triaged\\s+\\d+\\.\\d s\\s+\\(deadline 5 min: met\\)")
                .containsPattern("post-mortem draft of incident \\d+ written to .*postmortem\\.md and \\.html")
                .contains("ap-southeast-1 joined eu-north-1's deployment over a mutual-TLS region link")
                .containsPattern("IAM changed in eu-north-1 \\(user region-auditor, a reader\\), enforced in"
                        + " ap-southeast-1 \\d+ ms later")
                .contains("ap-southeast-1 refuses an IAM change of its own: IAM_READ_ONLY_REGION")
                .contains("roamer-1, a device of ap-southeast-1, at eu-north-1's gateway: Use Another Server (MQTT 5,"
                        + " 0x9C)")
                .contains("region-auditor, signed in at eu-north-1, lists ap-southeast-1's devices (--in-region"
                        + " ap-southeast-1): forwarded over the link, decided and audited in ap-southeast-1 (roamer-1)")
                .containsPattern(
                        "ap-southeast-1's audit trail shipped to eu-north-1 \\(the audit region\\): [1-9]\\d* events")
                .contains("eu-west-1 joined, in jurisdiction eu with eu-north-1, its standby")
                .contains("its root is cross-certified by the deployment root, the one root traveller-1 pins for both"
                        + " regions")
                .containsPattern("eu-west-1 down; failover declared in eu-north-1: traveller-1 served there with its"
                        + " own certificate \\d+ ms later")
                .contains("traveller-2 stolen while eu-west-1 is down: revoked in eu-north-1, cut off at once")
                .contains("eu-west-1 back; failback: traveller-1 sent home (Use Another Server), its 2 messages from"
                        + " the failover handed back")
                .contains("traveller-2 revoked at home first")
                .contains("releases 2.3.0 and 2.4.0 of sensor published")
                .containsPattern(
                        "job rollout-240: 3 of 3 sensors verified 2.4.0 with their own TUF client and installed"
                                + " it, \\d+ ms; job COMPLETED")
                .contains("fw-sensor-1 refuses an image altered on its way (one bit): IMAGE_INVALID (HASH_MISMATCH")
                .contains("fw-sensor-1 refuses an image no signed metadata names (unsigned 9.9.9): NOT_RELEASED")
                .containsPattern("job rollback-230 \\(back to 2.3.0\\): [23] sensors REJECTED it as a ROLLBACK \\(below"
                        + " their minimum 2.4.0\\), and the job aborted itself")
                .contains(
                        "fw-sensor-1 attests its boot (an EAT signed with its device key, over a fresh nonce): verified")
                .containsPattern("fw-sensor-3 reports booting an image no release has: UNKNOWN_IMAGE, alarm"
                        + " attestation-failure, quarantined \\d+\\.\\d s after its report")
                .contains(
                        "fw-sensor-2 seals a reading to the dashboard's public key (HPKE): the node stores an envelope"
                                + " it cannot open (endToEndEncrypted), the dashboard opens it with its own private key")
                .contains("operator demo-operator with a password and TOTP")
                .containsPattern("overview, fleet: Registered devices \\d+ Connected now \\d+")
                .containsPattern("overview, alarms: [1-9]\\d* active")
                .containsPattern("overview, findings: [1-9]\\d* open")
                .containsPattern("overview, incidents: [1-9]\\d* open Incident")
                .containsPattern("overview, audit: Recording yes")
                .containsPattern("console: https://localhost:\\d+/console")
                .containsPattern("one-time login: user demo-operator, password \\S+, code \\S+ \\(a recovery code");
        for (String alarm : java.util.List.of(
                "authorization-failure-burst on thing/sensor-01",
                "message-flood on thing/sensor-02",
                "connection-flapping on thing/sensor-03",
                "admin-brute-force-user on user/operator",
                "shared-certificate on thing/sensor-04",
                "handshake-failure-burst on sourceip/127.0.0.1")) {
            // Each within seconds of its attack (the demo waits at most 10 s for all of them).
            assertThat(text)
                    .containsPattern(
                            java.util.regex.Pattern.quote(alarm) + ": alarm .*, \\d+\\.\\d s after the attack began");
        }
        assertThat(text.lines().filter(l -> l.contains("BLOCKED")).count()).isEqualTo(7);
    }
}
