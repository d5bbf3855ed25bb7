package dev.warden.incident.report;

/**
 * The post-mortem draft of one incident ({@code warden incident postmortem ID --out FILE}): summary, impact,
 * detection, each clock against its deadline and the time to contain, the actions taken by whom (every timeline event,
 * formatted alike), tasks, status updates, the sections the review writes (placeholders), and the audit-chain proof
 * with the commands that verify it offline. Pure: the caller reads the incident, its timeline and proof, and writes
 * the result.
 */
public final class Postmortem {
    public static final String MARKDOWN_TYPE = "text/markdown; charset=utf-8";
    public static final String HTML_TYPE = "text/html; charset=utf-8";
    /** The {@code Content-Security-Policy} header for the HTML when served (the page carries it in a meta too). */
    public static final String HTTP_POLICY = ReportStyle.HTTP_POLICY;

    private Postmortem() {}

    /** GitHub-flavoured Markdown (CommonMark with tables). */
    public static String markdown(PostmortemInput input) {
        return PostmortemMarkdown.write(PostmortemView.of(input));
    }

    /** A standalone HTML page: no script, nothing loaded, one inline style sheet admitted by its hash. */
    public static String html(PostmortemInput input) {
        return Templates.render("postmortem.jte", PostmortemView.of(input));
    }
}
