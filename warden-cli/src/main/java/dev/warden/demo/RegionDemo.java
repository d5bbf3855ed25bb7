package dev.warden.demo;

import dev.warden.node.WardenNode;
import dev.warden.pki.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The demo's regions: a second region (us-east-1, a node in this process with its own data, CA, KMS and trail) joins
 * the demo node's deployment over a region link; an IAM change made in the control region is enforced in the member
 * from its own verified copy, the member refuses an IAM change of its own, and a device of the member that reaches
 * the control region's gateway is sent home.
 */
final class RegionDemo {
    /** Not 127.0.0.1: the attacks of section 3 had the firewall ban it. */
    private static final String ROAMER_ADDRESS = "127.0.9.9";

    private static final String READER_POLICY = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
            "Action":["warden:List*","warden:Describe*"],"Resource":"*"}]}""";

    private final DemoConsole console;
    private final WardenNode control;
    private final Path dataDir;
    private final String memberRegion;

    RegionDemo(DemoConsole console, WardenNode control, Path dataDir, String memberRegion) {
        this.console = console;
        this.control = control;
        this.dataDir = dataDir;
        this.memberRegion = memberRegion;
    }

    /** False when the member did not join, did not apply the change, or accepted an IAM change of its own. */
    boolean show() throws Exception {
        Path memberDir = dataDir.resolve("regions").resolve(memberRegion);
        try (WardenNode member = DemoRegions.start(DemoRegions.flags(memberDir, memberRegion))) {
            DemoRegions.Result token = DemoRegions.run(dataDir, "region", "token", memberRegion, "--ttl", "10m");
            DemoRegions.Result joined = DemoRegions.run(
                    memberDir, "region", "join", "--token", token.out().strip());
            if (token.code() != 0 || joined.code() != 0) {
                console.fail(memberRegion + " could not join: " + token.err() + joined.err());
                return false;
            }
            console.ok(memberRegion + " joined " + control.config().region()
                    + "'s deployment over a mutual-TLS region link"
                    + " (a one-time token, the control region's root pinned)");

            Path password = Files.writeString(dataDir.resolve("region-demo-password"), "a password for the demo 42");
            Path readers = Files.writeString(dataDir.resolve("region-readers.json"), READER_POLICY);
            long before = control.regions().iamLastSeq().orElse(0L);
            long started = System.nanoTime();
            DemoRegions.run(dataDir, "policy", "create", "region-readers", "--file", readers.toString());
            DemoRegions.run(dataDir, "user", "create", "region-auditor", "--password-file", password.toString());
            DemoRegions.run(dataDir, "policy", "attach", "region-readers", "--user", "region-auditor");
            long deadline = started + 15_000_000_000L;
            while (control.regions().iamLastSeq().orElse(0L) <= before
                    || member.regions().replication().orElseThrow().appliedSeq()
                            < control.regions().iamLastSeq().orElse(0L)) {
                if (System.nanoTime() > deadline) {
                    console.fail("the IAM change did not reach " + memberRegion + " within 15 s");
                    return false;
                }
                Thread.sleep(5);
            }
            console.ok("IAM changed in " + control.config().region() + " (user region-auditor, a reader), enforced in "
                    + memberRegion + " " + (System.nanoTime() - started) / 1_000_000
                    + " ms later from its own signed, verified copy");

            DemoRegions.Result refused =
                    DemoRegions.run(memberDir, "user", "create", "mallory", "--password-file", password.toString());
            if (refused.code() == 0 || !refused.err().contains("IAM_READ_ONLY_REGION")) {
                console.fail(memberRegion + " accepted an IAM change of its own");
                return false;
            }
            console.ok(memberRegion + " refuses an IAM change of its own: " + console.green("IAM_READ_ONLY_REGION")
                    + " (IAM is changed in the control region)");
            return sentHome(member, memberDir) && forwarded(password) && shippedTrail(member);
        }
    }

    /** A device of the member region at the control region's gateway is told where home is, and let in nowhere else. */
    private boolean sentHome(WardenNode member, Path memberDir) throws Exception {
        Path device = memberDir.resolve("roamer");
        DemoRegions.Result enrolled =
                DemoRegions.run(memberDir, "device", "enroll", "roamer-1", "--out", device.toString());
        if (enrolled.code() != 0) {
            console.fail("roamer-1 could not be enrolled in " + memberRegion + ": " + enrolled.err());
            return false;
        }
        // The device presents its issuing CA with its certificate: the other region knows only the member's root.
        List<X509Certificate> chain =
                new ArrayList<>(Pem.parseCertificates(Files.readString(device.resolve("roamer-1.crt"))));
        Pem.parseCertificates(Files.readString(device.resolve("ca-chain.pem"))).stream()
                .filter(c -> !c.getSubjectX500Principal().equals(c.getIssuerX500Principal()))
                .forEach(chain::add);
        PrivateKey key = Pem.parsePrivateKey(Files.readString(device.resolve("roamer-1.key")));
        Path controlRoot = new dev.warden.node.NodeLayout(dataDir).rootCertificate();
        try (DemoDevice roamer =
                DemoDevice.withIdentity("roamer-1", key, chain, control.mqttPort(), controlRoot, ROAMER_ADDRESS)) {
            Optional<String> home = roamer.connectOrRedirect();
            if (home.isEmpty() || !home.get().endsWith(":" + member.mqttPort())) {
                console.fail("roamer-1 (of " + memberRegion + ") was not sent home by "
                        + control.config().region() + "'s gateway");
                return false;
            }
            console.ok("roamer-1, a device of " + memberRegion + ", at "
                    + control.config().region() + "'s gateway: "
                    + console.green("Use Another Server") + " (MQTT 5, 0x9C) -> " + home.get() + ", " + memberRegion
                    + "'s gateway; nothing of it is stored in "
                    + control.config().region());
        }
        return true;
    }

    /**
     * A user signed in at the control region reads the member's devices: the request is forwarded over the link and
     * decided and audited in the member, whose data never leaves it except as the answer.
     */
    private boolean forwarded(Path password) throws Exception {
        DemoRegions.Result login =
                DemoRegions.run(dataDir, "login", "region-auditor", "--password-file", password.toString());
        Path token = Files.writeString(
                dataDir.resolve("region-auditor.token"), login.out().strip());
        DemoRegions.Result there = DemoRegions.run(
                dataDir, "device", "list", "--in-region", memberRegion, "--token-file", token.toString());
        DemoRegions.Result here = DemoRegions.run(dataDir, "device", "list", "--token-file", token.toString());
        Files.delete(token);
        if (login.code() != 0
                || there.code() != 0
                || !there.out().contains("roamer-1")
                || here.out().contains("roamer-1")) {
            console.fail("region-auditor could not read " + memberRegion + "'s devices through "
                    + control.config().region() + ": " + login.err() + there.err());
            return false;
        }
        console.ok("region-auditor, signed in at " + control.config().region() + ", lists " + memberRegion
                + "'s devices (--in-region " + memberRegion + "): " + console.green("forwarded")
                + " over the link, decided and audited in " + memberRegion + " (roamer-1); "
                + control.config().region() + " holds none of them");
        return true;
    }

    /** The member's audit trail reaches the audit region (the control region), verified on arrival and offline. */
    private boolean shippedTrail(WardenNode member) throws InterruptedException {
        member.audit().log().flushAndSign();
        long target = member.regions()
                .centralAudit()
                .flatMap(c -> c.shipping())
                .map(s -> s.localSeq())
                .orElse(0L);
        long deadline = System.nanoTime() + 15_000_000_000L;
        var received = control.regions().centralAudit().orElseThrow();
        while (received.received().stream().noneMatch(r -> r.region().equals(memberRegion) && r.lastSeq() >= target)) {
            if (System.nanoTime() > deadline) {
                console.fail(memberRegion + "'s audit trail did not reach the audit region within 15 s");
                return false;
            }
            Thread.sleep(20);
        }
        var report = new dev.warden.region.audit.RegionChainVerifier(received.chains(), null).verify(memberRegion);
        if (!report.intact()) {
            console.fail(memberRegion + "'s audit trail, as the audit region keeps it: "
                    + report.firstProblem().map(Object::toString).orElse("?"));
            return false;
        }
        console.ok(
                memberRegion + "'s audit trail shipped to " + control.config().region() + " (the audit region): "
                        + report.eventsChecked() + " events and " + report.digestsChecked()
                        + " signed digests, verified on arrival and again offline");
        return true;
    }
}
