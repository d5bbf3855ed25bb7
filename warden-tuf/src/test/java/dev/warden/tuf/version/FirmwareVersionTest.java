package dev.warden.tuf.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FirmwareVersionTest {
    @Test
    void comparesNumericallyComponentByComponent() {
        assertThat(FirmwareVersion.parse("2.10.0")).isGreaterThan(FirmwareVersion.parse("2.9.9"));
        assertThat(FirmwareVersion.parse("2.4")).isEqualTo(FirmwareVersion.parse("2.4.0.0"));
        assertThat(FirmwareVersion.parse("1.0.0.1").isBelow(FirmwareVersion.parse("1.0.1")))
                .isTrue();
    }

    @Test
    void refusesWhatCouldBeOrderedTwoWays() {
        for (String bad :
                new String[] {"", "v2.4.0", "2.4.0-rc1", "02.4", "1.2.3.4.5", "1..2", "2.4.", "1e3", "9999999999"}) {
            assertThatThrownBy(() -> FirmwareVersion.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1-4 dot-separated numbers");
        }
    }

    @Property
    void theSortKeyOrdersAsVersionsCompare(
            @ForAll @IntRange(max = 1000) int a1,
            @ForAll @IntRange(max = 1000) int a2,
            @ForAll @IntRange(max = 1000) int b1,
            @ForAll @IntRange(max = 1000) int b2) {
        FirmwareVersion a = FirmwareVersion.parse(a1 + "." + a2);
        FirmwareVersion b = FirmwareVersion.parse(b1 + "." + b2 + ".0");
        assertThat(Integer.signum(a.sortKey().compareTo(b.sortKey()))).isEqualTo(Integer.signum(a.compareTo(b)));
    }
}
