package dev.warden.console.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.console.core.LineDiff.Kind;
import dev.warden.console.core.LineDiff.Line;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineDiffTest {
    @Test
    void aChangedLineIsRemovedThenAddedAndTheRestKeptInOrder() {
        List<Line> diff = LineDiff.of("a\nb\nc", "a\nB\nc\nd");
        assertThat(diff)
                .containsExactly(
                        new Line(Kind.SAME, 1, 1, "a"),
                        new Line(Kind.REMOVED, 2, 0, "b"),
                        new Line(Kind.ADDED, 0, 2, "B"),
                        new Line(Kind.SAME, 3, 3, "c"),
                        new Line(Kind.ADDED, 0, 4, "d"));
        assertThat(LineDiff.changed(diff)).isTrue();
        assertThat(diff.stream().map(l -> l.kind().sign() + l.text())).containsExactly(" a", "-b", "+B", " c", "+d");
    }

    @Test
    void equalTextsHaveNoChangeAndWindowsLineEndsAreLines() {
        assertThat(LineDiff.changed(LineDiff.of("x\r\ny", "x\ny"))).isFalse();
        assertThat(LineDiff.of("", "")).isEmpty();
        assertThat(LineDiff.of("", "only")).containsExactly(new Line(Kind.ADDED, 0, 1, "only"));
        assertThat(LineDiff.of("gone", "")).containsExactly(new Line(Kind.REMOVED, 1, 0, "gone"));
    }
}
