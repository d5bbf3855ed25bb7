package dev.warden.console.view;

import dev.warden.console.core.LineDiff;
import java.util.List;
import java.util.Map;

/**
 * The step before a change: what it will do ({@code effects}), what it is made of (a document, a diff from the version
 * in force, the validator's answer: each empty or null when it does not apply) and the form that does it, posting
 * {@code fields} with {@code confirm=yes} and the session's anti-CSRF token to {@code action}.
 */
public record ConfirmView(
        Frame frame,
        List<String> effects,
        String document,
        List<LineDiff.Line> diff,
        ValidationView validation,
        String action,
        Map<String, String> fields,
        String button,
        String cancel) {}
