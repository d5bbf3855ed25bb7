package dev.warden.audit.anchor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.AuditDigest;
import dev.warden.audit.witness.Cosignature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an anchor file says about one region, read back. Only the records after the last epoch line describe the
 * trail as it should be now; earlier ones describe a trail the node has already reported as tampered with.
 *
 * @param keys      the region's audit-signing keys, in the order they started; unlike checkpoints, they outlive an
 *                  epoch (a key signs across a tamper finding)
 * @param malformed lines that are not anchor records (line number and reason); a final line cut off by a crash is
 *                  not counted, since the writer may have been killed in the middle of it
 * @param cosignatures witnesses' countersignatures of checkpoints of the current epoch, as the node received them
 */
public record AnchorLog(
        String region,
        List<AuditDigest> checkpoints,
        List<AnchoredHead> heads,
        List<EpochStart> epochs,
        List<AnchoredKey> keys,
        List<String> malformed,
        List<Cosignature> cosignatures) {

    public static final AnchorLog EMPTY =
            new AnchorLog(null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    public AnchorLog {
        checkpoints = List.copyOf(checkpoints);
        heads = List.copyOf(heads);
        epochs = List.copyOf(epochs);
        keys = List.copyOf(keys);
        malformed = List.copyOf(malformed);
        cosignatures = List.copyOf(cosignatures);
    }

    /** Reads the anchor of {@code region} in {@code dir}; an absent file is an empty log. */
    public static AnchorLog read(Path dir, String region) {
        Path file = AnchorFile.fileOf(dir, region);
        if (!Files.exists(file)) {
            return new AnchorLog(region, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(region, in.lines().toList(), endsWithNewline(file));
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException(
                    "cannot read the audit anchor " + file,
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
    }

    /** Parses anchor lines; {@code complete} is false when the last line may have been cut off by a crash. */
    public static AnchorLog parse(String region, List<String> lines, boolean complete) {
        List<AuditDigest> checkpoints = new ArrayList<>();
        List<AnchoredHead> heads = new ArrayList<>();
        List<EpochStart> epochs = new ArrayList<>();
        List<AnchoredKey> keys = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        List<Cosignature> cosignatures = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = AnchorFile.JSON.readTree(line);
                String type = n.path("type").asText("");
                if (!region.equals(n.path("region").asText())) {
                    throw new IllegalArgumentException(
                            "record of region " + n.path("region").asText());
                }
                switch (type) {
                    case "checkpoint" -> checkpoints.add(AnchorLines.toCheckpoint(n));
                    case "head" -> heads.add(AnchorLines.toHead(n));
                    case "cosignature" -> cosignatures.add(AnchorLines.toCosignature(n));
                    case "key" -> keys.add(AnchorLines.toKey(n));
                    case "epoch" -> {
                        epochs.add(AnchorLines.toEpoch(n));
                        // A new epoch supersedes what was anchored before it.
                        checkpoints.clear();
                        heads.clear();
                        cosignatures.clear();
                    }
                    default -> throw new IllegalArgumentException("unknown record type '" + type + "'");
                }
            } catch (IOException | RuntimeException e) {
                boolean cutOffLast = i == lines.size() - 1 && !complete;
                if (!cutOffLast) {
                    malformed.add("line " + (i + 1) + ": " + e.getMessage());
                }
            }
        }
        return new AnchorLog(region, checkpoints, heads, epochs, keys, malformed, cosignatures);
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            return true;
        }
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            return last.get(0) == '\n';
        }
    }

    /** The newest checkpoint of the current epoch. */
    public Optional<AuditDigest> latestCheckpoint() {
        return checkpoints.isEmpty() ? Optional.empty() : Optional.of(checkpoints.get(checkpoints.size() - 1));
    }

    /**
     * The furthest point of the current epoch the trail must still reach: the newest head or checkpoint, whichever
     * covers more events, or the epoch's own starting point.
     */
    public Optional<AnchoredHead> furthest() {
        AnchoredHead best = epochs.isEmpty() ? null : fromEpoch(epochs.get(epochs.size() - 1));
        for (AuditDigest c : checkpoints) {
            if (best == null || c.toSeq() > best.seq()) {
                best = new AnchoredHead(c.region(), c.toSeq(), c.headHash(), c.createdAtNanos());
            }
        }
        for (AnchoredHead h : heads) {
            if (best == null || h.seq() > best.seq()) {
                best = h;
            }
        }
        return Optional.ofNullable(best);
    }

    private static AnchoredHead fromEpoch(EpochStart e) {
        return new AnchoredHead(e.region(), e.resumesAfterSeq(), e.headHash(), e.timeNanos());
    }

    public boolean isEmpty() {
        return checkpoints.isEmpty() && heads.isEmpty() && epochs.isEmpty() && keys.isEmpty();
    }

    /**
     * The anchored key that signs checkpoint {@code digestSeq}: the last key that started at or before it. Empty when
     * no key is anchored (an anchor written before keys were), which leaves the check to the trusted key files.
     */
    public Optional<AnchoredKey> keyFor(long digestSeq) {
        AnchoredKey found = null;
        for (AnchoredKey k : keys) {
            if (k.fromDigestSeq() <= digestSeq && (found == null || k.fromDigestSeq() >= found.fromDigestSeq())) {
                found = k;
            }
        }
        return Optional.ofNullable(found);
    }
}
