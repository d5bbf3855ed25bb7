package dev.warden.console.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AlarmQueryTest {
    @Test
    void absentParametersAskForEveryAlarmFromTheNewest() {
        AlarmQuery q = AlarmQuery.of(null, null, null, null);
        assertThat(q.activeOnly()).isFalse();
        assertThat(q.severity()).isEmpty();
        assertThat(q.beforeId()).isEmpty();
        assertThat(q.page().limit()).isEqualTo(PageRequest.DEFAULT_LIMIT);
    }

    @Test
    void theNextPageKeepsTheFilterAndStartsBelowTheLastIdShown() {
        AlarmQuery q = AlarmQuery.of("true", "high", "20", "120");
        assertThat(q.beforeId()).contains(120L);
        String next = q.next("100");
        assertThat(next).isEqualTo("active=true&severity=high&limit=20&after=100");
        String[] parts = next.split("&");
        AlarmQuery following = AlarmQuery.of(
                parts[0].substring(7), parts[1].substring(9), parts[2].substring(6), parts[3].substring(6));
        assertThat(following).isEqualTo(new AlarmQuery(true, "high", new PageRequest(20, "100")));
    }

    @Test
    void anUnknownSeverityOrAKeyThatIsNoAlarmIdIsRefused() {
        assertThatThrownBy(() -> AlarmQuery.of(null, "<script>", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("severity");
        for (String key : new String[] {"abc", "-1", "0", "1 OR 1=1", "99999999999999999999"}) {
            assertThatThrownBy(() -> AlarmQuery.of(null, null, null, key))
                    .as(key)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
