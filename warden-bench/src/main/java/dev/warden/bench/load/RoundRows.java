package dev.warden.bench.load;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Table rows of one figure of two brokers measured in alternating rounds: each broker's median over its rounds, the
 * ratio of the medians ({@code first / second}) and the ratio round by round ({@link RoundRatios}).
 *
 * @param first  the name of the broker in the numerator (e.g. {@code warden})
 * @param second the name of the broker in the denominator (e.g. {@code mosquitto})
 */
record RoundRows(List<BrokerRound> rounds, String first, String second) {
    RoundRows {
        rounds = List.copyOf(rounds);
    }

    /** {@code | metric | first | second | first/second | round by round |}. */
    void row(PrintStream out, String metric, String format, ToDoubleFunction<BrokerRound> value) {
        double[] a = inRoundOrder(first, value);
        double[] b = inRoundOrder(second, value);
        double aMedian = RoundRatios.median(a);
        double bMedian = RoundRatios.median(b);
        out.printf(
                "| %s | " + format + " | " + format + " | %.2f | %s |%n",
                metric,
                aMedian,
                bMedian,
                aMedian / bMedian,
                RoundRatios.of(a, b).cell());
    }

    private double[] inRoundOrder(String broker, ToDoubleFunction<BrokerRound> value) {
        return rounds.stream()
                .filter(r -> r.broker().equals(broker))
                .sorted(Comparator.comparingInt(BrokerRound::round))
                .mapToDouble(value)
                .toArray();
    }
}
