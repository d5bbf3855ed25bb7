package dev.warden.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * The browser tests' screenshots of console pages: always in {@code target/console-screenshots}; with
 * {@code -Dconsole.screenshots=regenerate} also in {@code docs/console/}, where the README shows them (the one
 * command that regenerates them is in the README).
 */
final class ConsoleScreenshots {
    private ConsoleScreenshots() {}

    static void take(WebDriver browser, String name) {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        try {
            Path out = Path.of("target", "console-screenshots", name + ".png");
            Files.createDirectories(out.getParent());
            Files.write(out, png);
            if ("regenerate".equals(System.getProperty("console.screenshots"))) {
                Path docs = Path.of("..", "docs", "console", name + ".png");
                Files.createDirectories(docs.getParent());
                Files.write(docs, png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
