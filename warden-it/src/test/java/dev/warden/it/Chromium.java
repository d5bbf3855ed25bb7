package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.logging.Level;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver by Selenium: the real browser the console and the
 * HTML reports are checked in. A missing browser fails the test that asks for one: a skipped browser check is a
 * check that did not happen.
 */
final class Chromium {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {}

    /** Fails unless both are installed (.ci/run installs them). */
    static void requireInstalled() {
        assertThat(CHROMIUM).as("Debian's chromium (.ci/run installs it)").isExecutable();
        assertThat(CHROMEDRIVER)
                .as("Debian's chromium-driver (.ci/run installs it)")
                .isExecutable();
    }

    /** A browser with a throwaway profile in {@code profile}, its console log kept (CSP reports, script errors). */
    static WebDriver start(Path profile) {
        requireInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1280,900",
                "--user-data-dir=" + profile);
        // The node's certificate is signed by its own root, which this throwaway profile does not trust.
        options.setAcceptInsecureCerts(true);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
