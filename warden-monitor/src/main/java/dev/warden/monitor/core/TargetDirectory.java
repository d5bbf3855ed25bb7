package dev.warden.monitor.core;

import java.util.Optional;
import java.util.Set;

/**
 * What the engine needs to know about a thing to decide which profiles watch it. Asked when a thing is first seen
 * and again after {@link DetectionEngine#refreshMemberships()}; implementations should answer from a cache.
 */
public interface TargetDirectory {
    TargetDirectory NONE = new TargetDirectory() {
        @Override
        public Set<String> groupsOf(String thing) {
            return Set.of();
        }

        @Override
        public Optional<String> typeOf(String thing) {
            return Optional.empty();
        }
    };

    Set<String> groupsOf(String thing);

    Optional<String> typeOf(String thing);
}
