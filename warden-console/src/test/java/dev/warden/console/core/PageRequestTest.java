package dev.warden.console.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PageRequestTest {
    @Test
    void queryParametersAreBoundedNotTrusted() {
        assertThat(PageRequest.of(null, null)).isEqualTo(new PageRequest(PageRequest.DEFAULT_LIMIT, null));
        assertThat(PageRequest.of("100000", "dev-9").limit()).isEqualTo(PageRequest.MAX_LIMIT);
        assertThat(PageRequest.of("-3", "").limit()).isEqualTo(1);
        assertThat(PageRequest.of("lots", " ")).isEqualTo(new PageRequest(PageRequest.DEFAULT_LIMIT, null));
        assertThatThrownBy(() -> PageRequest.of("5", "x".repeat(257))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFullExtraItemMeansANextPageKeyedByTheLastShown() {
        PageRequest request = new PageRequest(2, null);
        assertThat(request.fetch()).isEqualTo(3);
        PageRequest.Page<String> page = request.page(List.of("a", "b", "c"), Function.identity());
        assertThat(page.items()).containsExactly("a", "b");
        assertThat(page.next()).isEqualTo("b");
        PageRequest.Page<String> last = request.page(List.of("c"), Function.identity());
        assertThat(last.items()).containsExactly("c");
        assertThat(last.next()).isNull();
    }
}
