package dev.warden.bench.load;

import java.util.List;
import java.util.Optional;

/** Everything measured on one broker in one A/B round: connection setup, then publishing at each load level. */
record BrokerRound(String broker, int round, ConnectionSetupResult setup, List<PublishLoadResult> publishing) {
    BrokerRound {
        publishing = List.copyOf(publishing);
    }

    Optional<PublishLoadResult> publishing(int devices, int qos) {
        return publishing.stream()
                .filter(p -> p.devices() == devices && p.qos() == qos)
                .findFirst();
    }
}
