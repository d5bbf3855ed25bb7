package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectingLimitTest {

    @Test
    void acceptingPausesAtTheLimitAndResumesOnceAQuarterIsDone() {
        ConnectingLimit limit = new ConnectingLimit(8);
        EmbeddedChannel listener = new EmbeddedChannel();
        limit.listen(listener);
        List<EmbeddedChannel> connections = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            connections.add(enter(limit));
        }
        assertThat(listener.config().isAutoRead()).isTrue();

        connections.add(enter(limit));
        assertThat(listener.config().isAutoRead()).isFalse();
        assertThat(limit.pauses()).isEqualTo(1);

        limit.left(connections.get(0));
        assertThat(listener.config().isAutoRead()).as("7 of 8 still connecting").isFalse();
        limit.left(connections.get(1));
        assertThat(listener.config().isAutoRead()).as("6 of 8: a quarter done").isTrue();
        assertThat(limit.connecting()).isEqualTo(6);
    }

    @Test
    void eachConnectionIsCountedOnceWhetherItConnectsClosesOrBoth() {
        ConnectingLimit limit = new ConnectingLimit(4);
        EmbeddedChannel channel = enter(limit);
        limit.entered(channel);
        assertThat(limit.connecting()).isEqualTo(1);

        limit.left(channel); // CONNACK
        limit.left(channel); // then closed
        limit.entered(channel);
        assertThat(limit.connecting()).isZero();
    }

    @Test
    void aListenerAddedWhilePausedStartsPaused() {
        ConnectingLimit limit = new ConnectingLimit(1);
        enter(limit);
        EmbeddedChannel webSocket = new EmbeddedChannel();
        limit.listen(webSocket);
        assertThat(webSocket.config().isAutoRead()).isFalse();
    }

    private static EmbeddedChannel enter(ConnectingLimit limit) {
        EmbeddedChannel channel = new EmbeddedChannel();
        limit.entered(channel);
        return channel;
    }
}
