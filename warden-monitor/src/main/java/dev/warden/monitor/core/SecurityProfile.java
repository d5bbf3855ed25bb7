package dev.warden.monitor.core;

import java.util.List;
import java.util.Optional;

/**
 * A named, versioned set of behaviours for some targets, with the webhook its {@code notify} mitigations deliver to
 * ({@code notifyUrl}, signed with the secret named {@code notifySecret} in the secrets manager).
 */
public record SecurityProfile(
        String name,
        String description,
        List<ProfileTarget> targets,
        List<Behaviour> behaviours,
        Optional<String> notifyUrl,
        Optional<String> notifySecret,
        long version) {

    public SecurityProfile {
        targets = List.copyOf(targets);
        behaviours = List.copyOf(behaviours);
    }

    public SecurityProfile withVersion(long v) {
        return new SecurityProfile(name, description, targets, behaviours, notifyUrl, notifySecret, v);
    }

    public SecurityProfile withTargets(List<ProfileTarget> t) {
        return new SecurityProfile(name, description, t, behaviours, notifyUrl, notifySecret, version);
    }

    public Optional<Behaviour> behaviour(String behaviourName) {
        return behaviours.stream().filter(b -> b.name().equals(behaviourName)).findFirst();
    }
}
