package dev.warden.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The trials of every attack: one stream per attack, the four side by side, each running its trials one after the
 * other with a fresh device or address each (so no window or alarm of one trial is another's). Before each trial a
 * stream waits a random part of the node's evaluation interval: a stream that started each trial right after the
 * previous alarm would cross its threshold at the same moment of the node's once-a-second datapoint every time, and
 * measure one point of the latency's range instead of the range.
 */
final class DetectionTrials {
    private final DetectionProbe probe;
    private final long intervalMillis;

    DetectionTrials(DetectionProbe probe, long intervalMillis) {
        this.probe = probe;
        this.intervalMillis = intervalMillis;
    }

    /** {@code trials} trials of each attack; {@code devices} holds enough fresh devices for those that need one. */
    List<DetectionTrial> run(Map<Attack, List<BenchDevice>> devices, int trials) throws Exception {
        ExecutorService streams = Executors.newFixedThreadPool(Attack.values().length);
        try {
            List<Future<List<DetectionTrial>>> running = new ArrayList<>();
            for (Attack attack : Attack.values()) {
                running.add(streams.submit(() -> stream(attack, devices.getOrDefault(attack, List.of()), trials)));
            }
            List<DetectionTrial> all = new ArrayList<>();
            for (Future<List<DetectionTrial>> stream : running) {
                all.addAll(stream.get());
            }
            return all;
        } finally {
            streams.shutdownNow();
        }
    }

    private List<DetectionTrial> stream(Attack attack, List<BenchDevice> devices, int trials)
            throws InterruptedException {
        List<DetectionTrial> out = new ArrayList<>(trials);
        for (int i = 0; i < trials; i++) {
            Thread.sleep(ThreadLocalRandom.current().nextLong(intervalMillis));
            BenchDevice device = attack.needsDevice() ? devices.get(i) : null;
            DetectionTrial trial;
            try {
                trial = probe.run(attack, device);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                // One broken trial is a finding of its own, not a reason to lose the others.
                trial = DetectionTrial.failed(attack, device == null ? "-" : "thing/" + device.name(), e.toString());
            }
            System.out.printf("  %s%n", trial.line());
            out.add(trial);
        }
        return out;
    }
}
