package dev.warden.compliance.reports;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.nio.charset.StandardCharsets;

/**
 * The HTML templates ({@code src/main/jte}), compiled to classes of this package at build time by the jte Maven
 * plugin: nothing is compiled or read from disk at run time, and every {@code ${...}} in them is escaped for where it
 * stands (element text, attribute value). A template may print raw text only through {@code $unsafe{...}}, which
 * these templates use for the style sheet alone.
 */
final class Templates {
    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(
            null, ContentType.Html, Templates.class.getClassLoader(), Templates.class.getPackageName());

    private Templates() {}

    static byte[] render(String template, Object model) {
        StringOutput out = new StringOutput();
        ENGINE.render(template, model, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
