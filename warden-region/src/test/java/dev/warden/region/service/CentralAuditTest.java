package dev.warden.region.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditResult;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.ProblemKind;
import dev.warden.audit.VerificationReport;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.audit.AuditBatch;
import dev.warden.region.audit.AuditShipper;
import dev.warden.region.audit.CentralAuditEvents;
import dev.warden.region.audit.RegionAuditStore;
import dev.warden.region.audit.RegionChainVerifier;
import dev.warden.region.audit.ShippingStatus;
import dev.warden.region.link.LinkClient;
import dev.warden.region.link.LinkOperation;
import dev.warden.region.link.LinkTls;
import dev.warden.testkit.DelayingProxy;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Central audit between regions in one JVM over real links: members ship their chains to the audit region (the
 * control region, eu-west-1), which verifies every batch before storing it apart, refuses tampered, replayed or
 * unsigned ones whole, and verifies every stored chain offline.
 */
class CentralAuditTest {
    private static final String US = "us-east-1";

    @TempDir
    Path dir;

    private TestRegion eu;
    private TestRegion us;

    @BeforeEach
    void regions() {
        eu = new TestRegion(dir, "eu-west-1");
        us = new TestRegion(dir, US);
    }

    @AfterEach
    void close() {
        us.close();
        eu.close();
    }

    @Test
    void everyMembersChainReachesTheAuditRegionVerifiedAndTheLagIsMeasured() throws Exception {
        try (TestRegion ap = new TestRegion(dir, "ap-southeast-1")) {
            us.regions.join(eu.regions.createJoinToken(US, Duration.ofMinutes(5)), Optional.empty());
            ap.regions.join(eu.regions.createJoinToken("ap-southeast-1", Duration.ofMinutes(5)), Optional.empty());
            long before = us.auditStore.head(US).lastSeq();

            // WHEN us-east-1 records 300 events over about 3 s (and ap-southeast-1 a few)
            for (int i = 0; i < 300; i++) {
                us.audit.recordDurable(us.audit
                        .event("iot:Publish")
                        .resource("arn:warden:iot:us-east-1:default:topic/t/" + i)
                        .detail("size", 12));
                if (i % 50 == 0) {
                    ap.audit.recordDurable(ap.audit.event("warden:CreateThing").resource("arn:thing/" + i));
                }
                Thread.sleep(10);
            }
            us.auditLog.flushAndSign();
            ap.auditLog.flushAndSign();

            // THEN both chains reach eu-west-1, checkpoints included, and the shipping lag is well under 5 s
            RegionAuditStore chains = eu.regions.centralAudit().orElseThrow().chains();
            await(() -> chains.position(US).lastSeq() == us.auditStore.head(US).lastSeq()
                    && chains.position(US).lastDigestSeq()
                            == us.auditStore.head(US).lastDigest().orElseThrow().digestSeq());
            await(() -> chains.position("ap-southeast-1").lastSeq()
                            == ap.auditStore.head("ap-southeast-1").lastSeq()
                    && chains.position("ap-southeast-1").lastDigestSeq()
                            == ap.auditStore
                                    .head("ap-southeast-1")
                                    .lastDigest()
                                    .orElseThrow()
                                    .digestSeq());
            List<Long> lags = new ArrayList<>();
            chains.arrivals(US, before).values().forEach(t -> lags.add(t[1] - t[0] / 1_000_000));
            lags.sort(Long::compare);
            long p50 = lags.get(lags.size() / 2);
            long p99 = lags.get((int) Math.ceil(lags.size() * 0.99) - 1);
            System.out.printf(
                    "central audit shipping lag over %d events: p50 %d ms, p99 %d ms, max %d ms%n",
                    lags.size(), p50, p99, lags.get(lags.size() - 1));
            assertThat(lags).hasSizeGreaterThanOrEqualTo(300);
            assertThat(p99).isLessThanOrEqualTo(5_000);

            // AND the status says so on both sides
            ShippingStatus shipping =
                    us.regions.centralAudit().orElseThrow().shipping().orElseThrow();
            assertThat(shipping.auditRegion()).isEqualTo("eu-west-1");
            assertThat(shipping.connected()).isTrue();
            await(() -> us.regions
                            .centralAudit()
                            .orElseThrow()
                            .shipping()
                            .orElseThrow()
                            .shippedSeq()
                    == us.auditStore.head(US).lastSeq());
            assertThat(eu.regions.centralAudit().orElseThrow().shipping()).isEmpty();
            assertThat(eu.regions.centralAudit().orElseThrow().received())
                    .extracting(c -> c.region())
                    .containsExactly("ap-southeast-1", US);

            // AND eu-west-1 pinned each member's key when it joined, and verifies every stored chain offline
            assertThat(eu.events(CentralAuditEvents.PIN_KEY)).hasSize(2);
            List<VerificationReport> reports = new RegionChainVerifier(chains, null).verifyAll();
            assertThat(reports).extracting(VerificationReport::region).containsExactly("ap-southeast-1", US);
            assertThat(reports).allSatisfy(r -> {
                assertThat(r.problems()).isEmpty();
                assertThat(r.digestsChecked()).isPositive();
            });
            assertThat(reports.get(1).eventsChecked())
                    .isEqualTo(us.auditStore.head(US).lastSeq());

            // WHEN a stored event is edited at rest in the audit region, THEN the offline check names it
            eu.execute("UPDATE region_audit_events SET resource = 'arn:elsewhere' WHERE region = 'us-east-1'"
                    + " AND seq = 5");
            VerificationReport edited = new RegionChainVerifier(chains, null).verify(US);
            assertThat(edited.firstProblem().orElseThrow().kind()).isEqualTo(ProblemKind.MODIFIED);
            assertThat(edited.firstProblem().orElseThrow().seq()).isEqualTo(5);
        }
    }

    @Test
    void aBatchTamperedInTransitIsRefusedWholeAndAudited() throws Exception {
        us.regions.join(eu.regions.createJoinToken(US, Duration.ofMinutes(5)), Optional.empty());
        RegionAuditStore chains = eu.regions.centralAudit().orElseThrow().chains();
        await(() -> chains.position(US).lastSeq() == us.auditStore.head(US).lastSeq());
        // The shipper stops, so that only the batches below reach the audit region
        us.regions.centralAudit().orElseThrow().close();
        long stored = chains.position(US).lastSeq();
        long storedDigest = chains.position(US).lastDigestSeq();
        for (int i = 0; i < 30; i++) {
            us.audit.recordDurable(us.audit.event("warden:UpdateThing").resource("arn:thing/" + i));
        }
        us.auditLog.flushAndSign();
        AuditBatch genuine = batchAfter(stored, storedDigest);
        assertThat(genuine.digests()).isNotEmpty();

        // an event altered on its way (its hash left as sent)
        ObjectNode altered = genuine.toJson();
        ((ObjectNode) altered.withArray("events").get(3)).put("resource", "arn:thing/other");
        // a checkpoint re-signed by a key eu-west-1 never pinned
        KeyPair stranger = TestRegion.keys();
        AuditDigest first = genuine.digests().get(0);
        AuditDigest forged = new DigestSigner(stranger.getPrivate(), stranger.getPublic())
                .sign(new AuditDigest(
                        first.region(),
                        first.digestSeq(),
                        first.fromSeq(),
                        first.toSeq(),
                        first.headHash(),
                        first.previousDigestHash(),
                        first.createdAtNanos(),
                        DigestSigner.keyIdOf(stranger.getPublic()),
                        null,
                        first.epoch(),
                        first.merkleRoot()));
        ObjectNode unsigned = new AuditBatch(genuine.events(), List.of(forged), null).toJson();
        // a batch that skips the first event, and a replay of events already stored
        ObjectNode gap =
                new AuditBatch(genuine.events().subList(1, genuine.events().size()), List.of(), null).toJson();
        ObjectNode replay = batchAfter(stored - 5, storedDigest).toJson();

        Map<ObjectNode, RegionReason> attempts = Map.of(
                altered, RegionReason.AUDIT_TAMPERED,
                unsigned, RegionReason.AUDIT_KEY_UNTRUSTED,
                gap, RegionReason.AUDIT_OUT_OF_ORDER,
                replay, RegionReason.AUDIT_OUT_OF_ORDER);
        LinkClient asUs = linkAsUs();
        attempts.forEach((body, reason) -> assertThatThrownBy(
                        () -> asUs.call(LinkOperation.AUDIT_BATCH, "", body, Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(
                        RegionException.class, e -> assertThat(e.reason()).isEqualTo(reason)));

        // THEN nothing of any of them was stored, and each refusal is in eu-west-1's trail
        assertThat(chains.position(US).lastSeq()).isEqualTo(stored);
        assertThat(chains.position(US).lastDigestSeq()).isEqualTo(storedDigest);
        List<AuditEvent> refusals = eu.events(CentralAuditEvents.RECEIVE);
        assertThat(refusals).hasSize(4).allSatisfy(e -> assertThat(e.result()).isEqualTo(AuditResult.DENY));
        assertThat(refusals)
                .extracting(e -> e.details().get("reason"))
                .containsExactlyInAnyOrder(
                        "AUDIT_TAMPERED", "AUDIT_KEY_UNTRUSTED", "AUDIT_OUT_OF_ORDER", "AUDIT_OUT_OF_ORDER");

        // AND the genuine batch is accepted after all that
        asUs.call(LinkOperation.AUDIT_BATCH, "", genuine.toJson(), Duration.ofSeconds(10));
        assertThat(chains.position(US).lastSeq()).isEqualTo(genuine.lastSeq(0));
        assertThat(new RegionChainVerifier(chains, null).verify(US).problems()).isEmpty();
    }

    @Test
    void aChainEditedAtRestInItsRegionIsRefusedAndTheShipperReportsIt() throws Exception {
        us.regions.join(eu.regions.createJoinToken(US, Duration.ofMinutes(5)), Optional.empty());
        RegionAuditStore chains = eu.regions.centralAudit().orElseThrow().chains();
        await(() -> chains.position(US).lastSeq() == us.auditStore.head(US).lastSeq());
        us.regions.centralAudit().orElseThrow().close();
        long stored = chains.position(US).lastSeq();
        for (int i = 0; i < 5; i++) {
            us.audit.recordDurable(us.audit.event("warden:DeleteThing").resource("arn:thing/" + i));
        }
        // someone with access to us-east-1's database rewrites an event not shipped yet
        us.execute("UPDATE audit_events SET action = 'warden:DescribeThing' WHERE region = 'us-east-1' AND seq = "
                + (stored + 3));

        try (AuditShipper shipper = shipper()) {
            await(() -> shipper.status()
                    .map(ShippingStatus::lastError)
                    .filter(m -> m.contains("AUDIT_TAMPERED"))
                    .isPresent());
            // THEN only the events before the edit are stored (a batch is all or nothing: here, nothing)
            assertThat(chains.position(US).lastSeq()).isEqualTo(stored);
            assertThat(shipper.status().orElseThrow().shippedSeq()).isEqualTo(stored);
        }
        assertThat(eu.events(CentralAuditEvents.RECEIVE)).isNotEmpty();
        await(() -> !us.events(CentralAuditEvents.SHIP).isEmpty());
        assertThat(us.events(CentralAuditEvents.SHIP).get(0).details()).containsEntry("reason", "AUDIT_TAMPERED");
    }

    @Test
    void aMemberCutOffCatchesUpWithNoGapAndNoDuplicate() throws Exception {
        URI euLink = URI.create(eu.regions.service().local().linkUrl());
        try (DelayingProxy proxy = new DelayingProxy(euLink.getHost(), euLink.getPort(), Duration.ZERO)) {
            us.regions.join(
                    eu.regions.createJoinToken(US, Duration.ofMinutes(5)),
                    Optional.of("https://localhost:" + proxy.port()));
            RegionAuditStore chains = eu.regions.centralAudit().orElseThrow().chains();
            await(() -> chains.position(US).lastSeq() == us.auditStore.head(US).lastSeq());

            // WHEN the link is cut while us-east-1 goes on recording
            proxy.cut();
            for (int i = 0; i < 120; i++) {
                us.audit.recordDurable(us.audit.event("warden:CreateThing").resource("arn:thing/" + i));
            }
            await(() -> !us.regions
                    .centralAudit()
                    .orElseThrow()
                    .shipping()
                    .orElseThrow()
                    .connected());
            ShippingStatus cut =
                    us.regions.centralAudit().orElseThrow().shipping().orElseThrow();
            assertThat(cut.localSeq()).isGreaterThan(cut.shippedSeq());
            assertThat(cut.lag()).isPositive();

            // THEN after it is restored, everything arrives once, in order
            proxy.restore();
            us.auditLog.flushAndSign();
            await(() -> chains.position(US).lastSeq() == us.auditStore.head(US).lastSeq());
            long last = chains.position(US).lastSeq();
            assertThat(eu.count("SELECT COUNT(*) FROM region_audit_events WHERE region = 'us-east-1'"))
                    .isEqualTo(last);
            assertThat(eu.count("SELECT COUNT(DISTINCT seq) FROM region_audit_events WHERE region = 'us-east-1'"
                            + " AND seq BETWEEN 1 AND " + last))
                    .isEqualTo(last);
            assertThat(new RegionChainVerifier(chains, null).verify(US).problems())
                    .isEmpty();
        }
    }

    @Test
    void aRotatedKeyIsPinnedOnlyBecauseTheKeyBeforeItSignedTheRotation() throws Exception {
        us.regions.join(eu.regions.createJoinToken(US, Duration.ofMinutes(5)), Optional.empty());
        RegionAuditStore chains = eu.regions.centralAudit().orElseThrow().chains();

        us.rotateAuditKey();
        for (int i = 0; i < 25; i++) {
            us.audit.recordDurable(us.audit.event("warden:CreateThing").resource("arn:thing/" + i));
        }
        us.auditLog.flushAndSign();

        await(() -> chains.position(US).lastDigestSeq()
                == us.auditStore.head(US).lastDigest().orElseThrow().digestSeq());
        assertThat(chains.keys(US).keys()).hasSize(2);
        assertThat(chains.keys(US).current().keyId())
                .isEqualTo(us.auditKeyList.get().current().keyId());
        // (recorded right after the batch's transaction)
        await(() -> eu.events(CentralAuditEvents.PIN_KEY).size() == 2);
        assertThat(eu.events(CentralAuditEvents.PIN_KEY))
                .extracting(e -> e.details().get("source"))
                .containsExactly("join", "rotation");
        assertThat(new RegionChainVerifier(chains, null).verify(US).problems()).isEmpty();
    }

    @Test
    void onlyMetadataCrosses() throws Exception {
        // An audit event is made of metadata fields only: a new field must be reviewed here before it is shipped
        assertThat(java.util.Arrays.stream(AuditEvent.class.getRecordComponents())
                        .map(java.lang.reflect.RecordComponent::getName))
                .containsExactly(
                        "eventId",
                        "timeNanos",
                        "region",
                        "node",
                        "principal",
                        "sourceIp",
                        "action",
                        "resource",
                        "result",
                        "decidingStatement",
                        "requestId",
                        "details");
        us.regions.join(eu.regions.createJoinToken(US, Duration.ofMinutes(5)), Optional.empty());
        RegionAuditStore chains = eu.regions.centralAudit().orElseThrow().chains();
        await(() -> chains.position(US).lastSeq() == us.auditStore.head(US).lastSeq());
        // every event this region wrote and shipped is metadata by the rule both ends apply
        List<ChainedEvent> shipped = chains.query(new dev.warden.audit.AuditQuery(
                US, null, null, null, null, null, null, 0, dev.warden.audit.AuditQuery.MAX_LIMIT));
        assertThat(shipped)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(dev.warden.region.audit.MetadataOnly.violation(e.event()))
                        .isEmpty());

        // WHEN a producer records a payload, THEN shipping stops before it rather than carry it out of the region
        long before = us.auditStore.head(US).lastSeq();
        us.audit.recordDurable(
                us.audit.event("iot:Publish").resource("arn:topic/t").detail("payload", "{\"temperature\": 21}"));
        await(() -> us.regions
                .centralAudit()
                .orElseThrow()
                .shipping()
                .map(ShippingStatus::lastError)
                .filter(m -> m != null && m.contains("is not shipped"))
                .isPresent());
        Thread.sleep(500);
        assertThat(chains.position(US).lastSeq()).isEqualTo(before);
        assertThat(us.events(CentralAuditEvents.SHIP).get(0).details()).containsEntry("reason", "AUDIT_NOT_METADATA");
    }

    /** The events of us-east-1 after {@code seq} and the checkpoints after {@code digestSeq} that they cover. */
    private AuditBatch batchAfter(long seq, long digestSeq) {
        List<ChainedEvent> events = new ArrayList<>();
        us.auditStore.forEach(US, seq + 1, Long.MAX_VALUE, it -> it.forEachRemaining(events::add));
        long last = events.get(events.size() - 1).seq();
        List<AuditDigest> digests = us.auditStore.digestsAfter(US, digestSeq, 100).stream()
                .filter(d -> d.toSeq() <= last)
                .toList();
        return new AuditBatch(events, digests, null);
    }

    private LinkClient linkAsUs() {
        return new LinkClient(
                eu.regions.service().local().linkUrl(),
                "eu-west-1",
                LinkTls.clientFactory(
                        us.regions.service().local().linkKey(),
                        us.regions.service().local().chain(),
                        eu.hierarchy.root().certificate()));
    }

    private AuditShipper shipper() {
        return new AuditShipper(
                        US,
                        us.auditStore,
                        us.auditKeyList::get,
                        us.store,
                        us.regions.service()::memberClient,
                        new CentralAuditEvents(us.audit),
                        Clock.systemUTC())
                .start();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s");
            }
            Thread.sleep(20);
        }
    }
}
