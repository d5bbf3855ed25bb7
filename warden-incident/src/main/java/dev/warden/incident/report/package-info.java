/**
 * What incident response shows people, rendered without I/O (only the templates, style sheet and schema are read,
 * from the classpath): the post-mortem draft of one incident ({@link dev.warden.incident.report.Postmortem}, Markdown
 * and HTML, from a {@link dev.warden.incident.report.PostmortemInput}) and the public status page
 * ({@link dev.warden.incident.report.StatusPage}, HTML and {@code status.json}, from a
 * {@link dev.warden.incident.report.StatusPageInput}).
 *
 * <p>The status page's records carry public words only, taken from the status updates: no type here can hold a thing
 * name, an address or a principal, so none can reach the page. The HTML comes from jte templates precompiled into
 * {@code dev.warden.incident.report.templates}, which escape every value for where it stands; the Markdown escapes
 * every value itself ({@link dev.warden.compliance.reports.MarkdownText}). Neither page loads or runs anything: one
 * inline style sheet, admitted by its hash in the Content-Security-Policy.
 */
package dev.warden.incident.report;
