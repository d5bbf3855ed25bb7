package dev.warden.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Reads the used heap out of {@code jcmd GC.heap_info} as G1 and Shenandoah (JDK 17) print it. */
class JavaHeapTest {

    @Test
    void g1HeapLineCountsAndMetaspaceDoesNot() {
        String g1 = """
                1234:
                 garbage-first heap   total 229376K, used 61840K [0x0000000687400000, 0x0000000800000000)
                  region size 4096K, 12 young (49152K), 1 survivors (4096K)
                 Metaspace       used 55881K, committed 56512K, reserved 1114112K
                  class space    used 6294K, committed 6592K, reserved 1048576K
                """;

        assertThat(JavaHeap.usedBytes(g1, 1234)).isEqualTo(61_840L * 1024);
    }

    @Test
    void shenandoahPrintsTheUnitThatFitsTheSize() {
        String small = """
                1701:
                Shenandoah Heap
                 6028M max, 6028M soft max, 378M committed, 20480K used
                 3014 x 2048K regions
                 Metaspace       used 8936K, committed 9088K, reserved 1114112K
                """;
        String large = small.replace("20480K used", "212M used");

        assertThat(JavaHeap.usedBytes(small, 1701)).isEqualTo(20_480L * 1024);
        assertThat(JavaHeap.usedBytes(large, 1701)).isEqualTo(212L * 1024 * 1024);
    }

    @Test
    void outputWithoutAHeapLineIsAnError() {
        assertThatThrownBy(() -> JavaHeap.usedBytes("1701:\n Metaspace       used 8936K, committed 9088K\n", 1701))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1701");
    }
}
