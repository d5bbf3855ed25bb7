package dev.warden.console.core;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts (two versions of a policy's document), every line of both kept in order: each line is
 * unchanged, removed (only in the old text) or added (only in the new one). Computed by java-diff-utils (Myers);
 * each line carries its sign ({@code " "}, {@code "-"}, {@code "+"}) so that it reads without colour.
 */
public final class LineDiff {
    private LineDiff() {}

    /** What happened to a line. */
    public enum Kind {
        SAME(" "),
        REMOVED("-"),
        ADDED("+");

        private final String sign;

        Kind(String sign) {
            this.sign = sign;
        }

        public String sign() {
            return sign;
        }
    }

    /** One line of the diff, with its line numbers in the old and the new text (0 where it is not in that text). */
    public record Line(Kind kind, int oldNumber, int newNumber, String text) {}

    public static List<Line> of(String oldText, String newText) {
        List<String> before = lines(oldText);
        List<String> after = lines(newText);
        Patch<String> patch = DiffUtils.diff(before, after);
        List<Line> out = new ArrayList<>();
        int oldAt = 0;
        int newAt = 0;
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            while (oldAt < delta.getSource().getPosition()) {
                out.add(new Line(Kind.SAME, oldAt + 1, newAt + 1, before.get(oldAt)));
                oldAt++;
                newAt++;
            }
            for (String removed : delta.getSource().getLines()) {
                out.add(new Line(Kind.REMOVED, ++oldAt, 0, removed));
            }
            for (String added : delta.getTarget().getLines()) {
                out.add(new Line(Kind.ADDED, 0, ++newAt, added));
            }
        }
        while (oldAt < before.size()) {
            out.add(new Line(Kind.SAME, oldAt + 1, newAt + 1, before.get(oldAt)));
            oldAt++;
            newAt++;
        }
        return out;
    }

    /** Whether the two texts differ in any line. */
    public static boolean changed(List<Line> diff) {
        return diff.stream().anyMatch(l -> l.kind() != Kind.SAME);
    }

    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return List.of(text.replace("\r\n", "\n").split("\n", -1));
    }
}
