package dev.warden.compliance.reports;

import java.util.regex.Pattern;

/**
 * Text made safe for a Markdown table cell or the rest of a line that Warden's own words begin: Markdown's inline
 * punctuation and the cell separator are backslash-escaped, so a title like {@code a | b} stays one cell and
 * {@code *[x](y)*} stays text; {@code < > &} become entities, since most renderers pass raw HTML through; line breaks
 * become spaces, since a table row and a list item are one line. Shared by every Markdown report Warden writes (the
 * compliance reports, incident post-mortems).
 */
public final class MarkdownText {
    private static final String SPECIAL = "\\`*_[]|~!#";
    private static final Pattern CODE_SAFE = Pattern.compile("[A-Za-z0-9+/=._:-]{1,512}");

    private MarkdownText() {}

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '&':
                    out.append("&amp;");
                    break;
                case '\r':
                case '\n':
                case '\t':
                    out.append(' ');
                    break;
                default:
                    if (SPECIAL.indexOf(c) >= 0) {
                        out.append('\\');
                    }
                    out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A hash, key id or ARN as code when it is plain (a code span shows backslashes literally, so it cannot be
     * escaped); anything else, e.g. an edited signature, as escaped text.
     */
    public static String code(String text) {
        if (text != null && CODE_SAFE.matcher(text).matches()) {
            return "`" + text + "`";
        }
        return escape(text);
    }
}
