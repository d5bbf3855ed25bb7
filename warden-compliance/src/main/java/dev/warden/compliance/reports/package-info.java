/**
 * Compliance reports: a framework's posture and the node's findings written as JSON (Warden's own shape), CSV (RFC
 * 4180, one row per finding), OCSF Compliance Finding events (class 2003), SARIF 2.1.0 and a self-contained HTML
 * page; and the shared-responsibility report (Markdown, HTML), which says who answers for each control of the seed's
 * three layers and of a framework, and whether it holds on this node now.
 *
 * <p>Entry points: {@link dev.warden.compliance.reports.ComplianceReports#render(String, String, ReportInput)} and
 * {@link dev.warden.compliance.reports.SharedResponsibilityReport#render(String, String, ReportInput)}. Pure: no clock
 * (the caller stamps the time), no I/O beyond the framework files, templates and style sheet shipped with the build, so
 * the same input gives the same bytes.
 *
 * <p>What it must never do: call a control met that a check has not assessed, or that no check covers (that is its
 * owner's to show); let text from a finding (a thing's name, a detail) become markup, a formula or a script. HTML is
 * written by precompiled jte templates that escape every value for where it stands; the page holds no script, loads
 * nothing, and carries a Content-Security-Policy admitting only its own style by hash. The OCSF and SARIF writers are
 * validated in the tests against the published schemas ({@code src/test/resources/schemas/README.md}).
 */
package dev.warden.compliance.reports;
