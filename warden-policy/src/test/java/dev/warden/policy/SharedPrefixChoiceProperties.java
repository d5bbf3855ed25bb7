package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The shared start chosen in O(n log n) is as good as the best one found by trying every candidate. */
class SharedPrefixChoiceProperties {

    @Provide
    Arbitrary<List<String>> starts() {
        return Arbitraries.strings()
                .withChars('a', 'b', '/')
                .ofMinLength(0)
                .ofMaxLength(10)
                .map(s -> "arn:war" + s)
                .list()
                .ofMinSize(0)
                .ofMaxSize(12);
    }

    @Property(tries = 2000)
    void theChosenStartSavesAsMuchAsTheBestPossible(@ForAll("starts") List<String> starts) {
        long best = 0;
        for (String a : starts) {
            for (int len = StatementScan.MIN_SHARED_PREFIX; len <= a.length(); len++) {
                best = Math.max(best, score(a.substring(0, len), starts));
            }
        }
        String chosen = StatementScan.bestStart(starts);
        if (best == 0) {
            assertThat(chosen).isNull();
        } else {
            assertThat(chosen).isNotNull();
            assertThat(score(chosen, starts)).as("%s from %s", chosen, starts).isEqualTo(best);
        }
    }

    /** Length times sharers, when at least two share it. */
    private static long score(String prefix, List<String> starts) {
        long sharing = starts.stream().filter(s -> s.startsWith(prefix)).count();
        return sharing >= 2 ? sharing * prefix.length() : 0;
    }
}
