package dev.warden.monitor.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.monitor.MonitorException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The hand-written reader of {@code remote_addr} against the schema's pattern (as a JSON Schema validator applies
 * it: searched, not matched) on addresses both valid and broken, and the bytes it reads against the JDK's own
 * literal parser: three independent readings of RFC 4291's text forms that must agree.
 */
class RemoteAddressProperties {
    static final Pattern SCHEMA_PATTERN = schemaPattern();

    private static Pattern schemaPattern() {
        try (InputStream in = DeviceMetricsParser.class.getResourceAsStream(DeviceMetricsParser.SCHEMA_RESOURCE)) {
            String regex = new ObjectMapper()
                    .readTree(in)
                    .at("/properties/metrics/properties/tcp_connections/properties/established_connections"
                            + "/properties/connections/items/properties/remote_addr/pattern")
                    .asText();
            return Pattern.compile(regex);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static boolean parserAccepts(String remote) {
        try {
            DeviceMetricsParser.connection(remote, 0, "remote_addr");
            return true;
        } catch (MonitorException e) {
            return false;
        }
    }

    @Property(tries = 3_000)
    void parserAndSchemaPatternAgree(@ForAll("remoteAddresses") String remote) throws Exception {
        boolean schema = SCHEMA_PATTERN.matcher(remote).find();
        Statistics.label("valid").collect(schema);
        assertThat(parserAccepts(remote)).as(remote).isEqualTo(schema);
        if (schema) {
            String host = remote.substring(0, remote.lastIndexOf(':'))
                    .replace("[", "")
                    .replace("]", "");
            // A literal with a colon is never looked up by the JDK; a dotted quad that passed is a literal too.
            InetAddress jdk = InetAddress.getByName(host);
            assertThat(IpLiteral.parse(host)).contains(jdk);
        }
        // Both kinds must be well represented, or the agreement says little.
        Statistics.label("valid").coverage(c -> {
            c.check(true).percentage(p -> p > 10);
            c.check(false).percentage(p -> p > 10);
        });
    }

    @Example
    void examples() {
        for (String ok : List.of(
                "198.51.100.7:443",
                "0.0.0.0:1",
                "[::1]:8883",
                "[::]:65535",
                "[2001:db8::7]:443",
                "[::ffff:192.0.2.1]:80",
                "[1:2:3:4:5:6:7:8]:1",
                "[1:2:3:4:5:6:1.2.3.4]:1",
                "[1::2:3:4:5:6:7]:1",
                "[1:2:3:4:5:6:7::]:1")) {
            assertThat(parserAccepts(ok)).as(ok).isTrue();
            assertThat(SCHEMA_PATTERN.matcher(ok).find()).as(ok).isTrue();
        }
        for (String bad : List.of(
                "localhost:80",
                "example.com:443",
                "198.51.100.7",
                "198.51.100.7:0",
                "198.51.100.7:65536",
                "198.51.100.7:080",
                "01.2.3.4:80",
                "256.1.1.1:80",
                "::1:80",
                "[198.51.100.7]:80",
                "[1::2::3]:80",
                "[:::]:80",
                "[1:2:3:4:5:6:7:8:9]:80",
                "[1:2:3:4:5:6:7]:80",
                "[1:2:3:4:5:6:7:1.2.3.4]:80",
                "[1.2.3.4::]:80",
                "[fe80::1%eth0]:80",
                "[12345::]:80",
                "198.51.100.7:80\n",
                " 198.51.100.7:80")) {
            assertThat(parserAccepts(bad)).as(bad).isFalse();
            assertThat(SCHEMA_PATTERN.matcher(bad).find()).as(bad).isFalse();
        }
    }

    @Provide
    Arbitrary<String> remoteAddresses() {
        Arbitrary<String> port = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 65_535).map(String::valueOf),
                Arbitraries.integers().between(0, 70_000).map(String::valueOf),
                Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(6));
        Arbitrary<String> host = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, wellFormed()),
                net.jqwik.api.Tuple.of(2, ipv4()),
                net.jqwik.api.Tuple.of(2, ipv6().map(h -> "[" + h + "]")),
                net.jqwik.api.Tuple.of(1, ipv6()),
                net.jqwik.api.Tuple.of(1, junk()));
        return Combinators.combine(host, port, Arbitraries.of("", "", "", "", "", "", "\n", " "))
                .as((h, p, tail) -> h + ":" + p + tail);
    }

    /** A valid IPv4 literal, or a bracketed IPv6 one with a random run of groups compressed. */
    private static Arbitrary<String> wellFormed() {
        Arbitrary<String> v4 = Arbitraries.integers()
                .between(0, 255)
                .list()
                .ofSize(4)
                .map(l -> String.join(".", l.stream().map(String::valueOf).toList()));
        Arbitrary<String> v6 = Combinators.combine(
                        Arbitraries.integers().between(0, 0xffff).list().ofSize(8),
                        Arbitraries.integers().between(0, 8),
                        Arbitraries.integers().between(0, 8))
                .as((groups, a, b) -> {
                    List<String> hex = groups.stream().map(Integer::toHexString).toList();
                    int from = Math.min(a, b);
                    int to = Math.max(a, b);
                    if (to - from < 1) {
                        return String.join(":", hex);
                    }
                    return String.join(":", hex.subList(0, from)) + "::" + String.join(":", hex.subList(to, 8));
                });
        return Arbitraries.oneOf(v4, v6.map(h -> "[" + h + "]"));
    }

    private static Arbitrary<String> octet() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 255).map(String::valueOf),
                Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(4));
    }

    private static Arbitrary<String> ipv4() {
        return octet().list().ofMinSize(3).ofMaxSize(5).map(l -> String.join(".", l));
    }

    /** Groups with at most one (sometimes two) gaps, sometimes a dotted tail: mostly valid, often not. */
    private static Arbitrary<String> ipv6() {
        Arbitrary<String> group = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 0xffff).map(Integer::toHexString),
                Arbitraries.strings()
                        .withChars("0123456789abcdefABCDEFg")
                        .ofMinLength(0)
                        .ofMaxLength(5));
        return Combinators.combine(
                        group.list().ofMinSize(0).ofMaxSize(9),
                        Arbitraries.integers().between(-1, 9),
                        Arbitraries.integers().between(-1, 9),
                        Arbitraries.oneOf(Arbitraries.just(""), ipv4()))
                .as((groups, gap, secondGap, tail) -> {
                    List<String> parts = new ArrayList<>(groups);
                    StringBuilder out = new StringBuilder();
                    for (int i = 0; i <= parts.size(); i++) {
                        if (i == gap || i == secondGap) {
                            out.append("::");
                        } else if (i > 0 && i < parts.size()) {
                            out.append(':');
                        }
                        if (i < parts.size()) {
                            out.append(parts.get(i));
                        }
                    }
                    if (!tail.isEmpty()) {
                        out.append(out.length() == 0 || out.toString().endsWith(":") ? "" : ":")
                                .append(tail);
                    }
                    return out.toString();
                });
    }

    private static Arbitrary<String> junk() {
        return Arbitraries.strings()
                .withChars("0123456789abcdef:.[]%")
                .ofMinLength(0)
                .ofMaxLength(20);
    }
}
