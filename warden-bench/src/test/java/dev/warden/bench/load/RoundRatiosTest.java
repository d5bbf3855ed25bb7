package dev.warden.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RoundRatiosTest {

    @Test
    void pairsTheBrokersRoundByRoundSoThatOneNoisyRoundMovesOnlyOneRatio() {
        // Mosquitto's third round fell in a noisy spell: the ratio of the medians moves, the median ratio does not.
        double[] warden = {5.1, 6.4, 7.3, 4.4};
        double[] mosquitto = {3.4, 3.2, 186.3, 2.2};

        RoundRatios ratios = RoundRatios.of(warden, mosquitto);

        assertThat(ratios.median()).isCloseTo((1.5 + 2.0) / 2, within(1e-9));
        assertThat(ratios.min()).isCloseTo(7.3 / 186.3, within(1e-9));
        assertThat(ratios.max()).isCloseTo(2.0, within(1e-9));
        assertThat(ratios.cell()).isEqualTo("1.75 (0.04–2.00)");
    }

    @Test
    void anOddNumberOfRoundsTakesTheMiddleRatio() {
        RoundRatios ratios = RoundRatios.of(new double[] {1, 9, 4}, new double[] {1, 3, 1});

        assertThat(ratios.median()).isEqualTo(3.0);
        assertThat(ratios.min()).isEqualTo(1.0);
        assertThat(ratios.max()).isEqualTo(4.0);
    }

    @Test
    void aRoundWithAFigureMissingIsLeftOut() {
        // A p99 is NaN when a round measured nothing (no PUBACKs at QoS 0); a Mosquitto 0 would divide by zero.
        RoundRatios ratios = RoundRatios.of(new double[] {2, Double.NaN, 6, 8}, new double[] {1, 1, 0, 2});

        assertThat(ratios.median()).isEqualTo(3.0);
        assertThat(ratios.min()).isEqualTo(2.0);
        assertThat(ratios.max()).isEqualTo(4.0);
    }

    @Test
    void withoutAnyPairThereIsNoRatio() {
        RoundRatios none = RoundRatios.of(new double[] {Double.NaN}, new double[] {Double.NaN});

        assertThat(none.median()).isNaN();
        assertThat(none.cell()).isEqualTo("-");
        assertThat(RoundRatios.of(new double[0], new double[0]).cell()).isEqualTo("-");
    }

    @Test
    void roundsBeyondTheOtherBrokersLastArePaired() {
        // Only round i of one broker with round i of the other: a broker's extra round has no partner.
        RoundRatios ratios = RoundRatios.of(new double[] {2, 4, 100}, new double[] {1, 1});

        assertThat(ratios.max()).isEqualTo(4.0);
    }

    @Test
    void theMedianOfValuesInAnyOrder() {
        assertThat(RoundRatios.median(new double[] {1, 2, 10})).isEqualTo(2.0);
        // In round order, not sorted, and left in that order.
        double[] inRoundOrder = {10, 1, 4, 2};
        assertThat(RoundRatios.median(inRoundOrder)).isEqualTo(3.0);
        assertThat(inRoundOrder).containsExactly(10, 1, 4, 2);
        assertThat(RoundRatios.median(new double[] {1, 2, 4, 10})).isEqualTo(3.0);
        assertThat(RoundRatios.median(new double[0])).isNaN();
    }
}
