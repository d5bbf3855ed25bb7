package dev.warden.incident.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.compliance.reports.MarkdownText;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReportTextTest {
    @Test
    void durationsReadAsPeopleSayThem() {
        assertThat(ReportText.duration(Duration.ofSeconds(252))).isEqualTo("4 min 12 s");
        assertThat(ReportText.duration(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(ReportText.duration(Duration.ofMillis(8_400))).isEqualTo("8.4 s");
        assertThat(ReportText.duration(Duration.ofSeconds(3))).isEqualTo("3 s");
        assertThat(ReportText.duration(Duration.ofSeconds(42))).isEqualTo("42 s");
        assertThat(ReportText.duration(Duration.ofMinutes(30))).isEqualTo("30 min");
        assertThat(ReportText.duration(Duration.ofSeconds(3723))).isEqualTo("1 h 2 min 3 s");
        assertThat(ReportText.duration(Duration.ofDays(7))).isEqualTo("7 d");
        assertThat(ReportText.duration(
                        Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4)))
                .isEqualTo("1 d 2 h 3 min");
        assertThat(ReportText.duration(Duration.ofSeconds(-90))).isEqualTo("1 min 30 s");
    }

    @Test
    void timesAreIsoUtcToTheSecond() {
        Instant t = Instant.parse("2026-12-07T03:00:42.123456789Z");
        assertThat(ReportText.time(t)).isEqualTo("2026-12-07T03:00:42Z");
        assertThat(ReportText.time(ReportText.ofNanos(t.getEpochSecond() * 1_000_000_000L + t.getNano())))
                .isEqualTo("2026-12-07T03:00:42Z");
        assertThat(ReportText.against(t.plusSeconds(60), t)).isEqualTo("1 min late");
        assertThat(ReportText.against(t.minusSeconds(5), t)).isEqualTo("5 s early");
        assertThat(ReportText.against(t, t)).isEqualTo("on time");
    }

    @Test
    void markdownTextEscapesWhatCouldEndACellOrStartMarkup() {
        assertThat(MarkdownText.escape("a|b\nc\\")).isEqualTo("a\\|b c\\\\");
        assertThat(MarkdownText.escape("<b>&")).isEqualTo("&lt;b&gt;&amp;");
        assertThat(MarkdownText.escape("![x](y)")).isEqualTo("\\!\\[x\\](y)");
        assertThat(MarkdownText.code("arn:warden:incident:eu-1:1:incident/7"))
                .isEqualTo("`arn:warden:incident:eu-1:1:incident/7`");
        assertThat(MarkdownText.code("a`b|c")).isEqualTo("a\\`b\\|c");
    }
}
