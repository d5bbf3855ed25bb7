package dev.warden.monitor.core;

import dev.warden.gateway.Cidr;
import java.util.List;
import java.util.Set;

/**
 * What a behaviour compares its metric with: a fixed value, a set of networks or ports, a statistic of the fleet
 * (a percentile of the targets' values over the same window), or the device's own learned baseline.
 */
public sealed interface Threshold {

    /** A fixed number. */
    record Value(double value) implements Threshold {}

    /** Networks, for {@code in-cidr-set} and {@code not-in-cidr-set}. */
    record Cidrs(List<Cidr> cidrs) implements Threshold {
        public Cidrs {
            cidrs = List.copyOf(cidrs);
        }

        boolean contains(String address) {
            var parsed = Addresses.literal(address);
            return parsed.isPresent() && cidrs.stream().anyMatch(c -> c.contains(parsed.get()));
        }
    }

    /** Ports, for {@code in-port-set} and {@code not-in-port-set}. */
    record Ports(Set<Integer> ports) implements Threshold {
        public Ports {
            ports = Set.copyOf(ports);
        }
    }

    /**
     * The fleet's {@code percentile} (50, 90 or 99) of the targets' values at the previous datapoint: a target
     * violates when it is beyond what most of its peers do. Needs {@link FleetStatistics#MIN_TARGETS} targets.
     */
    record Statistical(double percentile) implements Threshold {}

    /**
     * The target's own history: it violates when its value is more than {@code sigmas} standard deviations beyond
     * its learned mean (see {@link LearnedBaseline}), once at least {@code minDatapoints} windows have been learned.
     */
    record Learned(double sigmas, int minDatapoints) implements Threshold {}
}
