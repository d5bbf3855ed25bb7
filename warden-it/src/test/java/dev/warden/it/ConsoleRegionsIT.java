package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.iam.Totp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The console's Regions page in a real deployment, in Debian's Chromium: us-east-1 joins eu-west-1's deployment, and
 * the control region's page shows its role (control and audit), both members, its IAM change log's position, and
 * us-east-1 heard from through the audit batches it ships; axe-core finds nothing serious on it.
 */
class ConsoleRegionsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery staple";
    private static final Path AXE = Path.of("src", "test", "axe", "node_modules", "axe-core", "axe.min.js")
            .toAbsolutePath();

    @TempDir
    Path dir;

    private WebDriver browser;
    /** The TOTP step the enrollment was confirmed with: a sign-in needs a later one (a code is used once). */
    private long confirmedStep;

    @Test
    void theControlRegionsPageShowsItsRoleItsMembersAndWhatItHearsFromThem() throws Exception {
        Chromium.requireInstalled();
        try (NodeHarness eu = NodeHarness.region(dir, "eu-west-1");
                NodeHarness us = NodeHarness.region(dir, "us-east-1")) {
            // GIVEN us-east-1 joined eu-west-1's deployment, and an operator of eu-west-1 who may list regions
            String token = ok(eu.cli("region", "token", "us-east-1", "--ttl", "10m"))
                    .out()
                    .strip();
            ok(us.cli(
                    "region",
                    "join",
                    "--token",
                    token,
                    "--control",
                    "https://localhost:" + eu.node.regions().linkPort()));
            byte[] seed = user(eu, "regions-op", """
                    ["sts:GetCallerIdentity", "sts:Logout", "region:ListRegions"]""");
            browser = Chromium.start(dir.resolve("chromium"));
            try {
                // WHEN the operator opens the Regions page
                await("a TOTP step after the confirmed one", () -> Instant.now().getEpochSecond() / 30 > confirmedStep);
                signIn(eu.adminUrl(), "regions-op", Totp.code(seed, Instant.now()));
                browser.findElement(By.linkText("Regions")).click();
                await("the Regions page", () -> browser.getCurrentUrl().endsWith("/console/regions"));

                // THEN it shows this region's role, both members, and the change log this region writes
                assertThat(text("this-region")).isEqualTo("eu-west-1");
                assertThat(text("this-role")).isEqualTo("control, audit");
                assertThat(text("member-eu-west-1")).contains("this node");
                assertThat(text("member-us-east-1")).contains("active");
                long lastSeq = JSON.readTree(
                                ok(eu.cli("region", "status", "--json")).out())
                        .path("iam")
                        .path("lastSeq")
                        .asLong();
                assertThat(Long.parseLong(text("iam-applied"))).isGreaterThanOrEqualTo(lastSeq);
                assertThat(text("iam-behind")).isEqualTo("0");
                // AND, once us-east-1 shipped its audit chain here, that it was heard from, and when
                await("us-east-1 heard from", () -> {
                    browser.navigate().refresh();
                    return text("member-us-east-1").contains("heard from");
                });
                assertThat(text("received")).contains("us-east-1");
                ConsoleScreenshots.take(browser, "regions");
                assertThat(seriousAccessibilityViolations()).as("regions page").isEmpty();
            } finally {
                browser.quit();
            }
        }
    }

    private byte[] user(NodeHarness node, String name, String actions) throws Exception {
        Files.writeString(dir.resolve("pw"), PASSWORD + "\n");
        ok(node.cli("user", "create", name, "--password-file", dir.resolve("pw").toString()));
        Path policy = Files.writeString(dir.resolve(name + ".json"), """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": %s, "Resource": "*"}]}
                """.formatted(actions));
        ok(node.cli("policy", "create", name + "-console", "--file", policy.toString()));
        ok(node.cli("policy", "attach", name + "-console", "--user", name));
        JsonNode enrollment =
                JSON.readTree(ok(node.cli("user", "mfa-enroll", name, "--json")).out());
        byte[] seed = Totp.base32Decode(enrollment.path("secret").asText());
        // The previous step's code; should the node read its clock in the step after next (a slow CLI call on a
        // loaded machine), that code is two steps old and refused: then the current step's.
        Instant at = Instant.now().minusSeconds(30);
        if (node.cli("user", "mfa-confirm", name, "--code", Totp.code(seed, at)).exitCode() != 0) {
            at = Instant.now();
            ok(node.cli("user", "mfa-confirm", name, "--code", Totp.code(seed, at)));
        }
        confirmedStep = at.getEpochSecond() / 30;
        return seed;
    }

    private void signIn(String base, String user, String code) throws Exception {
        browser.get(base + "/console/login");
        browser.findElement(By.id("user")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("code")).sendKeys(code);
        browser.findElement(By.id("sign-in")).click();
        await("signed in", () -> browser.getCurrentUrl().endsWith("/console/overview"));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }

    /** Waits up to 30 s: a shipped audit batch may take a few polls on a loaded machine. */
    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (org.openqa.selenium.NoSuchElementException
                    | org.openqa.selenium.StaleElementReferenceException e) {
                // not there yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("waited 30 s in vain for " + what + "; the page shows:\n"
                + browser.findElement(By.tagName("body")).getText());
    }

    /** axe-core's serious and critical findings (installed by ConsoleIT's npm ci, or here when missing). */
    private List<String> seriousAccessibilityViolations() throws Exception {
        if (!Files.isRegularFile(AXE)) {
            var install = dev.warden.testkit.Processes.run(
                    AXE.getParent().getParent().getParent(), List.of("npm", "ci", "--no-audit", "--no-fund"), 180);
            assertThat(install.exitCode()).as(install.output()).isZero();
        }
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript(Files.readString(AXE));
        @SuppressWarnings("unchecked")
        List<String> violations = (List<String>) js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document)
                  .then(r => done(r.passes.length === 0 ? ['axe checked nothing'] : r.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.id + ': ' + v.help + ' ' + JSON.stringify(v.nodes.map(n => n.target)))))
                  .catch(e => done(['axe failed: ' + e]));
                """);
        return violations;
    }
}
