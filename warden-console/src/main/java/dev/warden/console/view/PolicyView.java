package dev.warden.console.view;

import java.util.List;

/**
 * One policy: its document (indented JSON, shown as text), the things and principals it is attached to, the editor
 * (a customer policy only; its text as stored, or as the operator typed it when a save was refused, with the
 * validator's answer), its versions (the one in force marked) and a notice after a save.
 */
public record PolicyView(
        Frame frame,
        String name,
        boolean builtIn,
        String updatedAt,
        String document,
        List<String> things,
        List<String> principals,
        String editorText,
        ValidationView validation,
        List<VersionRow> versions,
        String notice) {
    /** One version: its number, when it was written, what it restored (empty for an ordinary change), in force. */
    public record VersionRow(int version, String createdAt, String restores, boolean inForce) {}
}
