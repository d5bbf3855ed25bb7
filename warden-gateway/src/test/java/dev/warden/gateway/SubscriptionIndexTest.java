package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SubscriptionIndexTest {

    private static Subscription sub(String filter, int qos, boolean noLocal) {
        return new Subscription(filter, filter, null, MqttQoS.valueOf(qos), noLocal, false, 0);
    }

    @Test
    void agreesWithTheReferenceMatcherOnRandomFiltersAndTopics() {
        Random random = new Random(42);
        String[] words = {"a", "b", "c", "", "$SYS"};
        SubscriptionIndex index = new SubscriptionIndex();
        Map<String, List<Subscription>> byClient = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            String client = "c" + random.nextInt(40);
            Subscription s = sub(randomFilter(random, words), random.nextInt(3), false);
            index.put(client, s);
            List<Subscription> list = byClient.computeIfAbsent(client, k -> new ArrayList<>());
            list.removeIf(old -> old.filter().equals(s.filter()));
            list.add(s);
        }
        for (int i = 0; i < 2_000; i++) {
            String topic = randomTopic(random, words);
            Map<String, Subscription> expected = new HashMap<>();
            byClient.forEach((client, subs) -> subs.stream()
                    .filter(s -> Topics.matches(s.filter(), topic))
                    .max((x, y) -> Integer.compare(x.qos().value(), y.qos().value()))
                    .ifPresent(s -> expected.put(client, s)));
            Map<String, Subscription> actual = index.match(topic, "nobody");
            assertThat(actual.keySet()).as(topic).isEqualTo(expected.keySet());
            actual.forEach((client, s) -> assertThat(s.qos())
                    .as(topic + " " + client)
                    .isEqualTo(expected.get(client).qos()));
        }
    }

    @Test
    void noLocalSkipsThePublishersOwnSubscriptionOnly() {
        SubscriptionIndex index = new SubscriptionIndex();
        index.put("me", sub("t/#", 1, true));
        index.put("other", sub("t/#", 1, true));
        assertThat(index.match("t/x", "me")).containsOnlyKeys("other");
    }

    @Test
    void removingPrunesEmptyBranches() {
        SubscriptionIndex index = new SubscriptionIndex();
        Subscription deep = sub("a/b/c/d", 0, false);
        index.put("x", deep);
        index.put("y", sub("a/+", 0, false));
        index.remove("x", deep);
        assertThat(index.nodeCount()).isEqualTo(2);
        assertThat(index.match("a/b/c/d", "z")).isEmpty();
        assertThat(index.match("a/b", "z")).containsOnlyKeys("y");
    }

    private static String randomFilter(Random random, String[] words) {
        int levels = 1 + random.nextInt(4);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < levels; i++) {
            int pick = random.nextInt(words.length + 2);
            if (pick == words.length + 1 && i == levels - 1) {
                parts.add("#");
            } else if (pick >= words.length) {
                parts.add("+");
            } else {
                parts.add(words[pick]);
            }
        }
        return String.join("/", parts);
    }

    private static String randomTopic(Random random, String[] words) {
        int levels = 1 + random.nextInt(4);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < levels; i++) {
            parts.add(words[random.nextInt(words.length)]);
        }
        return String.join("/", parts);
    }
}
