package dev.warden.console.view;

import java.util.List;

/** One policy: its document (indented JSON, shown as text) and the things and principals it is attached to. */
public record PolicyView(
        Frame frame,
        String name,
        boolean builtIn,
        String updatedAt,
        String document,
        List<String> things,
        List<String> principals) {}
