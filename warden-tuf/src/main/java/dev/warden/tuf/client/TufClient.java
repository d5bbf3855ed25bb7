package dev.warden.tuf.client;

import dev.warden.tuf.Root;
import dev.warden.tuf.Snapshot;
import dev.warden.tuf.Targets;
import dev.warden.tuf.Timestamp;
import dev.warden.tuf.TopLevelRole;
import dev.warden.tuf.TufException;
import dev.warden.tuf.TufRole;
import java.time.Instant;
import java.util.Objects;

/**
 * A TUF 1.0 client: the detailed client workflow of the specification, section 5, over a {@link MetadataSource}
 * (the repository) and a {@link TrustedStore} (what the device already trusts).
 *
 * <pre>{@code
 * TufClient client = new TufClient(source, store, TufLimits.defaults());
 * TrustedMetadata trusted = client.refresh(clock.instant());
 * TargetInfo firmware = trusted.requireTarget("sensor/fw-2.1.bin");
 * byte[] image = trusted.download(firmware, targets);
 * }</pre>
 *
 * <p>Every check fails closed with a {@link TufException}; nothing is trusted or stored until it has passed every
 * check that applies to it, and what was trusted before a failure stays trusted, so the next update starts from it
 * (a new root accepted before the timestamp was refused stays accepted, as 5.3.8 requires).
 */
public final class TufClient {
    private final MetadataSource source;
    private final TrustedStore store;
    private final TufLimits limits;

    public TufClient(MetadataSource source, TrustedStore store, TufLimits limits) {
        this.source = Objects.requireNonNull(source, "source");
        this.store = Objects.requireNonNull(store, "store");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Runs one update: root chain (5.3), timestamp (5.4), snapshot (5.5), top-level targets (5.6.1 to 5.6.6).
     *
     * @param now the fixed update start time (5.1) that every expiry is checked against
     * @throws TufException with the reason of the first check that failed
     */
    public TrustedMetadata refresh(Instant now) {
        Root root = new RootUpdate(store, source, limits).run(now);
        TopLevelUpdate update = new TopLevelUpdate(root, source, store, limits, now);
        Timestamp timestamp = update.timestamp();
        Snapshot snapshot = update.snapshot(timestamp);
        TargetsLoader loader = new TargetsLoader(root, snapshot, source, limits, now);
        TufRole role = root.role(TopLevelRole.TARGETS);
        Targets targets = loader.load(DelegationSearch.TOP_LEVEL, root.keys(), role.keyIds(), role.threshold());
        DelegationSearch search = new DelegationSearch(targets, loader, limits.maxDelegations());
        return new TrustedMetadata(root, timestamp, snapshot, targets, now, search);
    }
}
