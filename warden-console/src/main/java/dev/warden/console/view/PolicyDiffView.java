package dev.warden.console.view;

import dev.warden.console.core.LineDiff;
import java.util.List;

/** A line diff between two versions of a policy: every line of both, each marked unchanged, removed or added. */
public record PolicyDiffView(
        Frame frame,
        String name,
        List<Integer> versions,
        int from,
        int to,
        List<LineDiff.Line> lines,
        boolean changed) {}
