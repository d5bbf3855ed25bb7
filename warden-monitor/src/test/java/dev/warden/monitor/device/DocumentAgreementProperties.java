package dev.warden.monitor.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Generated metrics documents, mostly valid and often broken in one place or several, judged by the parser and by
 * the independent schema validator: the parser accepts exactly what the schema accepts and also meets the rules a
 * schema cannot state (checked here independently: size, totals).
 */
class DocumentAgreementProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Property(tries = 1_500)
    void parserAcceptsWhatTheSchemaAcceptsPlusTheUnstatedRules(@ForAll("documents") String document) {
        boolean schema = SchemaValidator.valid(document);
        boolean expected = schema && unstatedRulesHold(document);
        Statistics.label("valid").collect(expected);
        assertThat(SchemaAgreementTest.parses(document)).as(document).isEqualTo(expected);
        Statistics.label("valid").coverage(c -> {
            c.check(true).percentage(p -> p > 15);
            c.check(false).percentage(p -> p > 15);
        });
    }

    /** The document fits in 8 KiB and no list's total is below its count (the generator never repeats keys). */
    private static boolean unstatedRulesHold(String document) {
        if (document.getBytes(StandardCharsets.UTF_8).length > DeviceMetricsParser.MAX_DOCUMENT_BYTES) {
            return false;
        }
        try {
            JsonNode m = JSON.readTree(document).path("metrics");
            for (JsonNode list : List.of(
                    m.path("listening_tcp_ports"),
                    m.path("listening_udp_ports"),
                    m.path("tcp_connections").path("established_connections"))) {
                JsonNode items = list.has("ports") ? list.get("ports") : list.path("connections");
                if (list.has("total") && list.get("total").asLong() < items.size()) {
                    return false;
                }
            }
            return true;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<String> documents() {
        return Arbitraries.longs().map(seed -> generate(new Random(seed)));
    }

    /** One document: each part is usually right and sometimes wrong in a way the schema has a rule for. */
    static String generate(Random r) {
        ObjectNode root = F.objectNode();
        if (r.nextInt(30) != 0) {
            ObjectNode header = root.putObject("header");
            header.set("report_id", maybe(r, F.numberNode(1 + (long) r.nextInt(Integer.MAX_VALUE)), badInteger(r)));
            header.set("version", maybe(r, F.textNode("1.0"), r.nextBoolean() ? F.textNode("1.1") : F.numberNode(1.0)));
        }
        if (r.nextInt(30) != 0) {
            ObjectNode metrics = root.putObject("metrics");
            if (r.nextInt(3) != 0) {
                metrics.set("listening_tcp_ports", ports(r));
            }
            if (r.nextInt(3) != 0) {
                metrics.set("listening_udp_ports", ports(r));
            }
            if (r.nextInt(3) != 0) {
                metrics.set("network_stats", network(r));
            }
            if (r.nextInt(3) != 0) {
                metrics.putObject("tcp_connections").set("established_connections", connections(r));
            }
            if (r.nextInt(40) == 0) {
                metrics.put("cpu", 1);
            }
        }
        if (r.nextInt(3) != 0) {
            root.set("custom_metrics", custom(r));
        }
        if (r.nextInt(40) == 0) {
            root.put("extra", true);
        }
        return root.toString();
    }

    private static JsonNode maybe(Random r, JsonNode good, JsonNode bad) {
        return r.nextInt(25) == 0 ? bad : good;
    }

    private static JsonNode badInteger(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> F.numberNode(0);
            case 1 -> F.numberNode(-3);
            case 2 -> F.numberNode(new BigDecimal("7.5"));
            case 3 -> F.textNode("7");
            case 4 -> F.numberNode(DeviceMetricsParser.MAX_COUNTER + 1);
            default -> F.numberNode(new BigDecimal("12.0"));
        };
    }

    private static JsonNode counter(Random r) {
        return maybe(
                r, F.numberNode((long) (r.nextDouble() * 1e12)), r.nextBoolean() ? F.numberNode(-1) : badInteger(r));
    }

    private static JsonNode port(Random r) {
        JsonNode bad = switch (r.nextInt(4)) {
            case 0 -> F.numberNode(0);
            case 1 -> F.numberNode(65_536);
            case 2 -> F.textNode("22");
            default -> F.numberNode(new BigDecimal("22.5"));
        };
        return maybe(r, F.numberNode(1 + r.nextInt(65_535)), bad);
    }

    private static ObjectNode ports(Random r) {
        ObjectNode section = F.objectNode();
        ArrayNode list = section.putArray("ports");
        int n = r.nextInt(50) == 0 ? 250 + r.nextInt(20) : r.nextInt(6);
        for (int i = 0; i < n; i++) {
            ObjectNode p = list.addObject();
            p.set("port", port(r));
            if (r.nextInt(3) == 0) {
                p.set(
                        "interface",
                        maybe(r, F.textNode("eth" + r.nextInt(3)), F.textNode(r.nextBoolean() ? "" : "e 0")));
            }
            if (r.nextInt(60) == 0) {
                p.put("pid", 7);
            }
        }
        if (n > 0 && r.nextInt(30) == 0) {
            list.add(list.get(0).deepCopy());
        }
        total(r, section, list.size());
        return section;
    }

    private static void total(Random r, ObjectNode section, int listed) {
        switch (r.nextInt(5)) {
            case 0 -> {}
            case 1 -> section.put("total", listed + r.nextInt(100));
            case 2 -> section.put("total", Math.max(0, listed - 1));
            default -> section.put("total", listed);
        }
    }

    private static ObjectNode network(Random r) {
        ObjectNode n = F.objectNode();
        for (String c : List.of("bytes_in", "bytes_out", "packets_in", "packets_out")) {
            if (r.nextInt(30) != 0) {
                n.set(c, counter(r));
            }
        }
        return n;
    }

    private static ObjectNode connections(Random r) {
        ObjectNode section = F.objectNode();
        ArrayNode list = section.putArray("connections");
        int n = r.nextInt(50) == 0 ? 140 + r.nextInt(130) : r.nextInt(6);
        for (int i = 0; i < n; i++) {
            ObjectNode c = list.addObject();
            c.put("remote_addr", address(r, i));
            if (r.nextBoolean()) {
                c.set("local_port", port(r));
            }
        }
        if (n > 0 && r.nextInt(30) == 0) {
            list.add(list.get(0).deepCopy());
        }
        total(r, section, list.size());
        return section;
    }

    private static String address(Random r, int i) {
        return switch (r.nextInt(12)) {
            case 0 -> "example.com:443";
            case 1 -> "198.51.100." + (250 + r.nextInt(10)) + ":443";
            case 2 -> "[2001:db8::" + Integer.toHexString(i) + "]:" + r.nextInt(70_000);
            case 3 -> "2001:db8::" + Integer.toHexString(i) + ":443";
            default -> "198.51." + (i / 250) + "." + (i % 250) + ":" + (1 + r.nextInt(65_535));
        };
    }

    private static ObjectNode custom(Random r) {
        ObjectNode custom = F.objectNode();
        int n = r.nextInt(40) == 0 ? 33 : r.nextInt(4);
        for (int i = 0; i < n; i++) {
            String name = r.nextInt(25) == 0 ? "bad name " + i : "metric_" + i;
            ArrayNode values = custom.putArray(name);
            BigDecimal value = r.nextInt(25) == 0 ? new BigDecimal("1E16") : BigDecimal.valueOf(r.nextGaussian() * 1e3);
            switch (r.nextInt(30)) {
                case 0 -> values.addObject().put("string", "x");
                case 1 -> {}
                case 2 -> {
                    values.addObject().put("number", value);
                    values.addObject().put("number", 1);
                }
                default -> values.addObject().put("number", value);
            }
        }
        return custom;
    }
}
