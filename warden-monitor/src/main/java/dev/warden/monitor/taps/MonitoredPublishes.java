package dev.warden.monitor.taps;

import dev.warden.gateway.AcceptedPublish;
import dev.warden.gateway.PublishListener;
import dev.warden.monitor.ObservationSink;
import dev.warden.monitor.core.Metric;
import dev.warden.monitor.core.Observation;
import dev.warden.monitor.core.TargetKey;

/**
 * Every accepted PUBLISH, for the message metrics: one message sent, its size, its topic (for distinct topics and
 * topic-filtered behaviours). Called on the broker thread: it only hands the three records to the non-blocking sink,
 * in one hand-off.
 */
public final class MonitoredPublishes implements PublishListener {
    private final ObservationSink sink;

    public MonitoredPublishes(ObservationSink sink) {
        this.sink = sink;
    }

    @Override
    public void onPublish(AcceptedPublish publish) {
        TargetKey thing = TargetKey.thing(publish.identity().thingName());
        long at = publish.receivedAtMillis();
        String topic = publish.topic();
        sink.acceptAll(
                Observation.onTopic(thing, Metric.NUM_MESSAGES_SENT, 1, topic, at),
                Observation.onTopic(thing, Metric.MESSAGE_BYTE_SIZE, publish.payload().length, topic, at),
                new Observation(thing, Metric.NUM_DISTINCT_TOPICS, 0, topic, null, topic, at));
    }
}
