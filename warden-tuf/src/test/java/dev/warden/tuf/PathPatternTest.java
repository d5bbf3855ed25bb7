package dev.warden.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPatternTest {
    @ParameterizedTest
    @CsvSource({
        // The specification's own examples (section "File formats: targets.json").
        "targets/*.tgz, targets/foo.tgz, true",
        "targets/*.tgz, targets/bar.tgz, true",
        "targets/*.tgz, targets/foo.txt, false",
        "foo-version-?.tgz, foo-version-2.tgz, true",
        "foo-version-?.tgz, foo-version-a.tgz, true",
        "foo-version-?.tgz, foo-version-alpha.tgz, false",
        "*.tgz, foo.tgz, true",
        "*.tgz, targets/foo.tgz, false",
        "foo.tgz, foo.tgz, true",
        "foo.tgz, bar.tgz, false",
        // Warden's delegation per thing type.
        "sensor/*, sensor/fw-1.0.bin, true",
        "sensor/*, sensor/beta/fw-1.0.bin, false",
        "sensor/*, camera/fw-1.0.bin, false",
        "sensor/*, sensorx/fw.bin, false",
        "sensor/*, sensor, false",
        // A wildcard does not match a leading dot (glob(7), minimatch).
        "sensor/*, sensor/.hidden, false",
        "sensor/.*, sensor/.hidden, true",
        "*/fw-*.bin, sensor/fw-2.bin, true",
        "a*b*c, axxbyyc, true",
        "a*b*c, axxbyy, false",
        "*, '', true",
        "[ab].bin, a.bin, false"
    })
    void matchesAsTheSpecificationAndTufJsDo(String pattern, String path, boolean matches) {
        assertThat(PathPattern.matches(pattern, path)).isEqualTo(matches);
    }

    @Test
    void delegatesByPathHashPrefix() {
        // printf 'sensor/fw-1.0.bin' | sha256sum: a6add520748be635...
        assertThat(new DelegatedRole("bin-a6", List.of(), 1, false, List.of(), List.of("a6a", "ff"))
                        .delegates("sensor/fw-1.0.bin"))
                .isTrue();
        assertThat(new DelegatedRole("bin-a7", List.of(), 1, false, List.of(), List.of("a7"))
                        .delegates("sensor/fw-1.0.bin"))
                .isFalse();
    }
}
