package dev.warden.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One broker's round: connection setup with the whole fleet, then QoS 0 and QoS 1 at each load level. Shared by
 * {@link GatewayVsMosquitto} (Warden against Mosquitto) and {@link MonitoringBench} (monitoring on against off), so
 * that both comparisons measure a round the same way.
 */
record RoundRunner(LoadOptions options, LoadClient client, BenchDevice application, LoopbackSources sources) {

    BrokerRound run(BrokerProcess broker, int round, List<BenchDevice> fleet) throws InterruptedException {
        ConnectionSetupResult setup;
        int parallelism = options.parallelism();
        try (ConnectedFleet connected = ConnectedFleet.connect(broker, fleet, client, sources, parallelism)) {
            setup = connected.setup();
        }
        System.out.printf(
                "round %d%s %-9s %s (%.0f/s)%n",
                round, round == 0 ? " (warm-up, discarded)" : "", broker.name(), setup, setup.perSecond());
        Thread.sleep(2_000);
        List<PublishLoadResult> publishing = new ArrayList<>();
        for (int devices : options.publisherLevels()) {
            publishing.addAll(publish(broker, fleet.subList(0, devices)));
        }
        return new BrokerRound(broker.name(), round, setup, publishing);
    }

    private List<PublishLoadResult> publish(BrokerProcess broker, List<BenchDevice> devices)
            throws InterruptedException {
        List<PublishLoadResult> results = new ArrayList<>();
        try (ConnectedFleet publishers =
                ConnectedFleet.connect(broker, devices, client, sources, options.parallelism())) {
            for (int qos : List.of(LoadConnection.AT_MOST_ONCE, LoadConnection.AT_LEAST_ONCE)) {
                BrokerQuiet.await(broker);
                // A fresh application connection each time, so that exactly one subscription callback counts.
                LoadConnection app = client.open(application, broker.mqttPort(), sources.next());
                app.connect().join();
                PublishLoadResult result = new PublishLoadProbe(
                                broker, publishers.connections(), app, options.ratePerDevice())
                        .run(
                                qos,
                                Duration.ofSeconds(options.warmupSeconds()),
                                Duration.ofSeconds(options.measureSeconds()));
                app.disconnect().join();
                results.add(result);
                System.out.printf("  %s%n", result);
            }
            int lost = publishers.connections().size() - publishers.stillConnected();
            if (lost > 0) {
                System.out.printf("  %d publishers lost their connection%n", lost);
            }
        }
        Thread.sleep(1_000);
        return results;
    }
}
