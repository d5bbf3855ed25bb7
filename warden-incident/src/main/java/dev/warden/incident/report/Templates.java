package dev.warden.incident.report;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * The HTML templates ({@code src/main/jte}), compiled at build time by the jte Maven plugin into
 * {@value #PACKAGE}: nothing is compiled or read from disk at run time, and every {@code ${...}} is escaped for where
 * it stands (element text, attribute value). Raw text goes out only through {@code $unsafe{...}}, which the templates
 * use for the style sheet alone.
 */
final class Templates {
    static final String PACKAGE = "dev.warden.incident.report.templates";
    private static final TemplateEngine ENGINE =
            TemplateEngine.createPrecompiled(null, ContentType.Html, Templates.class.getClassLoader(), PACKAGE);

    private Templates() {}

    static String render(String template, Object model) {
        StringOutput out = new StringOutput();
        ENGINE.render(template, model, out);
        return out.toString();
    }
}
