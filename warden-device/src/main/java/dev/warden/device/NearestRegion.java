package dev.warden.device;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Provisioning into the nearest allowed region: each candidate region's API is timed (TCP connect and TLS handshake,
 * a few samples, the median; {@link ConnectionTimer}), the fastest allowed region wins, and the device is provisioned
 * there by that region's claim, as {@link Provisioner} does. A device is thus homed where its traffic is cheapest,
 * which the gateway then holds it to (residency).
 *
 * <p>A candidate that fails any sample counts as unreachable: a region that drops connections is not near. Equal
 * medians go to the candidate listed first, so the operator's order decides ties.
 */
public final class NearestRegion {
    /** How many connections are timed per candidate by default. */
    public static final int DEFAULT_SAMPLES = 3;

    /**
     * A region the device may be provisioned into.
     *
     * @param api      the region's HTTPS API (provisioning and timing both go there)
     * @param root     that region's Warden root
     * @param template the provisioning template to use there
     * @param claim    a claim of that region (certificate or enrollment token)
     */
    public record Candidate(String region, URI api, X509Certificate root, String template, ProvisioningClaim claim) {
        public Candidate {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(api, "api");
            Objects.requireNonNull(root, "root");
            Objects.requireNonNull(template, "template");
            Objects.requireNonNull(claim, "claim");
        }
    }

    /** A candidate's median connection time; empty when it was unreachable. */
    public record Measured(Candidate candidate, Optional<Duration> median) {}

    /** Where the device was provisioned, what it received, and every candidate's timing. */
    public record Provisioned(String region, DeviceCredentials credentials, List<Measured> measured) {}

    /** Times one connection to a candidate; throws {@link DeviceException} when it cannot connect. */
    @FunctionalInterface
    public interface Timer {
        Duration time(Candidate candidate);
    }

    private final List<Candidate> candidates;
    private final Set<String> allowed;
    private final int samples;
    private final Timer timer;

    private NearestRegion(List<Candidate> candidates, Set<String> allowed, int samples, Timer timer) {
        this.candidates = List.copyOf(candidates);
        this.allowed = Set.copyOf(allowed);
        this.samples = samples;
        this.timer = timer;
    }

    /** Every candidate allowed, {@link #DEFAULT_SAMPLES} samples, timed with {@link ConnectionTimer}. */
    public static NearestRegion of(List<Candidate> candidates) {
        if (candidates == null || candidates.isEmpty()) {
            throw new IllegalArgumentException("need at least one candidate region");
        }
        return new NearestRegion(
                candidates, Set.of(), DEFAULT_SAMPLES, new ConnectionTimer(Duration.ofSeconds(5))::time);
    }

    /** Only these regions may be chosen (the others are not even timed); empty allows every candidate. */
    public NearestRegion allowing(Set<String> regions) {
        return new NearestRegion(candidates, regions, samples, timer);
    }

    public NearestRegion withSamples(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one sample");
        }
        return new NearestRegion(candidates, allowed, count, timer);
    }

    public NearestRegion withTimer(Timer value) {
        return new NearestRegion(candidates, allowed, samples, Objects.requireNonNull(value, "timer"));
    }

    /** Times every allowed candidate. */
    public List<Measured> measure() {
        List<Measured> measured = new ArrayList<>();
        for (Candidate c : candidates) {
            if (allowed.isEmpty() || allowed.contains(c.region())) {
                measured.add(new Measured(c, median(sample(c))));
            }
        }
        return measured;
    }

    /**
     * Times the candidates, then provisions {@code thingName} in the nearest allowed one.
     *
     * @throws DeviceException {@link DeviceErrorReason#CONNECTION_FAILED} when no allowed candidate is reachable, or
     *                         what {@link Provisioner#provision} throws there
     */
    public Provisioned provision(String thingName, Map<String, String> parameters) {
        List<Measured> measured = measure();
        Candidate nearest = choose(measured)
                .orElseThrow(() -> new DeviceException(
                        DeviceErrorReason.CONNECTION_FAILED, "no allowed candidate region could be reached"));
        DeviceCredentials credentials = Provisioner.create(nearest.api(), nearest.root())
                .provision(nearest.template(), thingName, nearest.claim(), parameters);
        return new Provisioned(nearest.region(), credentials, measured);
    }

    /** The samples of one candidate; empty as soon as one fails. */
    private List<Duration> sample(Candidate candidate) {
        List<Duration> times = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            try {
                times.add(timer.time(candidate));
            } catch (DeviceException e) {
                return List.of();
            }
        }
        return times;
    }

    /** The median (the mean of the middle two for an even count); empty for no samples. */
    static Optional<Duration> median(List<Duration> samples) {
        if (samples.isEmpty()) {
            return Optional.empty();
        }
        List<Duration> sorted = samples.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return Optional.of(
                sorted.size() % 2 == 1
                        ? sorted.get(middle)
                        : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2));
    }

    /** The reachable candidate with the smallest median; the first listed among equals. */
    static Optional<Candidate> choose(List<Measured> measured) {
        Measured best = null;
        for (Measured m : measured) {
            if (m.median().isPresent()
                    && (best == null || m.median().get().compareTo(best.median().get()) < 0)) {
                best = m;
            }
        }
        return Optional.ofNullable(best).map(Measured::candidate);
    }
}
