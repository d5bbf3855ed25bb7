package dev.warden.console.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestChecksTest {
    private static final String SELF = "https://localhost:8443";

    @Test
    void theConsolesOwnOriginPasses() {
        assertThat(RequestChecks.sameOrigin("https://localhost:8443", null, SELF))
                .isTrue();
        assertThat(RequestChecks.sameOrigin("HTTPS://LOCALHOST:8443/", null, SELF))
                .isTrue();
        assertThat(RequestChecks.sameOrigin(null, "https://localhost:8443/console/devices?x=1", SELF))
                .isTrue();
    }

    @Test
    void anotherOriginOrNoneAtAllIsRefused() {
        assertThat(RequestChecks.sameOrigin("https://evil.example", null, SELF)).isFalse();
        assertThat(RequestChecks.sameOrigin("https://localhost:8444", null, SELF))
                .isFalse();
        assertThat(RequestChecks.sameOrigin("http://localhost:8443", null, SELF))
                .isFalse();
        assertThat(RequestChecks.sameOrigin("null", "https://localhost:8443/console/", SELF))
                .as("an opaque origin is not ours, whatever the Referer says")
                .isFalse();
        assertThat(RequestChecks.sameOrigin(null, null, SELF)).isFalse();
        assertThat(RequestChecks.sameOrigin(null, "https://localhost:8443.evil.example/", SELF))
                .isFalse();
        assertThat(RequestChecks.sameOrigin(null, "not a uri ::", SELF)).isFalse();
        assertThat(RequestChecks.sameOrigin(SELF, null, null)).isFalse();
    }

    @Test
    void theTokenMustBeTheSessionsOwn() {
        assertThat(RequestChecks.tokenMatches("abc123", "abc123")).isTrue();
        assertThat(RequestChecks.tokenMatches("abc123", "abc124")).isFalse();
        assertThat(RequestChecks.tokenMatches("abc123", null)).isFalse();
        assertThat(RequestChecks.tokenMatches(null, null)).isFalse();
        assertThat(RequestChecks.tokenMatches("", "")).isFalse();
    }
}
