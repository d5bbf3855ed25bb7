package dev.warden.compliance.reports;

/**
 * Text made safe for a Markdown table cell or line: Markdown's own punctuation is backslash-escaped, so a thing named
 * {@code *[x](y)*} stays text, and {@code < > &} become entities, since most Markdown renderers pass raw HTML through
 * and a finding's detail could otherwise carry a {@code <script>}. Line breaks become spaces, as a table row is one line.
 */
final class MarkdownText {
    // Table cells and lines that start with Warden's own text: only inline markup and the cell separator matter.
    private static final String SPECIAL = "\\`*_[]|~";

    private MarkdownText() {}

    static String escape(String text) {
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
}
