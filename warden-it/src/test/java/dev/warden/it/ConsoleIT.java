package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.sun.net.httpserver.HttpServer;
import dev.warden.iam.Totp;
import dev.warden.incident.core.Phase;
import dev.warden.incident.service.IncidentAudit;
import dev.warden.monitor.core.Metric;
import dev.warden.monitor.core.Observation;
import dev.warden.monitor.core.TargetKey;
import dev.warden.pki.Pem;
import dev.warden.registry.store.CertificateStatus;
import dev.warden.testkit.FreePorts;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's Chromium, headless, through its chromedriver), against one node: sign-in
 * with a password and TOTP, a wrong code and IAM's lockout, the session cookie's protections, a script in a thing's
 * attribute shown as text, a cross-origin POST refused with nothing changed, a certificate revoked from its device's
 * page cutting a live MQTT session (HiveMQ client), the revocation found in the audit trail and the trail verified,
 * sign-out revoking the session on the server, a page the principal may not see refused with 403, an alarm
 * verified from the Monitoring page (kept by the node, audited as the console's, refused without the CSRF token),
 * incidents advanced and playbook steps approved, a compliance finding fixed after its page said what the fix will do
 * (refused without the CSRF token, resolved after, audited as the console's) with its reports downloaded, and the keys,
 * secrets and buckets page, each panel its own decision, never showing a secret's value; a policy edited with the
 * validator's errors at their line and column, saved as a new version, diffed and simulated as the CLI does; a policy
 * created, deleted (an attached one refused with the node's reason) and an earlier version made the default, each after
 * a page that says what it will do, and refused with 403 without its action; a device quarantined and released from
 * its page, from an alarm and without one; the Overview's traffic charts over the last hour and day, and the Regions
 * page of a node that is a single region.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery staple";
    private static final Path AXE_DIR = Path.of("src", "test", "axe").toAbsolutePath();
    private static final String PAYLOAD = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">";

    @TempDir
    static Path dir;

    private NodeHarness harness;
    private WebDriver browser;
    private HttpClient http;
    private Mqtt5BlockingClient device;
    private String base;
    private String serial;
    private byte[] operatorSeed;
    private byte[] viewerSeed;
    private byte[] responderSeed;
    private String operatorCookie;
    private String axe;

    @BeforeAll
    void start() throws Exception {
        // A missing browser fails the test: a skipped browser check is a check that did not happen.
        Chromium.requireInstalled();
        harness = new NodeHarness(dir.resolve("data"), null);
        base = harness.adminUrl();
        Files.writeString(dir.resolve("pw"), PASSWORD + "\n");
        operatorSeed = user("sec-op", """
                ["sts:GetCallerIdentity", "sts:Logout", "warden:ListThings", "warden:DescribeThing",
                 "warden:RevokeCertificate", "monitor:ListAlarms", "compliance:ListFindings",
                 "incident:ListIncidents", "iam:ListPolicies", "iam:GetPolicy", "audit:LookupEvents"]""");
        viewerSeed = user("viewer", """
                ["sts:GetCallerIdentity", "sts:Logout", "warden:ListThings"]""");
        responderSeed = user("responder", """
                ["sts:GetCallerIdentity", "sts:Logout", "incident:ListIncidents", "incident:DescribeIncident",
                 "incident:GetIncidentTimeline", "incident:ListPlaybookRuns", "incident:AdvanceIncident",
                 "incident:ApprovePlaybookStep", "incident:GetPostmortem", "audit:LookupEvents"]""");
        ok(harness.cli(
                "user",
                "create",
                "locked-op",
                "--password-file",
                dir.resolve("pw").toString()));
        ok(harness.cli("incident", "open", "--title", "Leaked device key", "--severity", "sev2"));

        ok(harness.cli(
                "device",
                "enroll",
                "dev-console",
                "--out",
                dir.resolve("dev").toString(),
                "--attr",
                "label=" + PAYLOAD));
        serial = JSON.readTree(ok(harness.cli("device", "show", "dev-console", "--json"))
                        .out())
                .path("certificates")
                .get(0)
                .path("serial")
                .asText();
        device = TestDevices.mqtt5(
                        dir.resolve("dev"),
                        "dev-console",
                        dir.resolve("data/pki/root.crt"),
                        harness.node.mqttPort(),
                        null)
                .buildBlocking();
        device.connect();

        http = HttpClient.newBuilder()
                .sslContext(trusting(dir.resolve("data/pki/root.crt")))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        axe = axeSource();
        browser = Chromium.start(dir.resolve("chromium"));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (device != null && device.getState().isConnected()) {
            device.disconnect();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    @Order(1)
    void everyConsoleResponseCarriesTheSecurityHeaders() throws Exception {
        HttpResponse<String> page = get("/console/login", null);
        assertThat(page.statusCode()).isEqualTo(200);
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp)
                .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "*");
        assertThat(page.headers().firstValue("Strict-Transport-Security"))
                .get()
                .asString()
                .contains("max-age=");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("same-origin");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.headers().firstValue("Set-Cookie"))
                .get()
                .asString()
                .startsWith("__Host-warden-signin=")
                .contains("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Strict")
                .doesNotContainIgnoringCase("domain=");
        // No inline script, no inline style, no asset from another origin: the page names only its own files.
        assertThat(page.body()).doesNotContain("<script>", "style=", "http://", "//cdn");
        assertThat(get("/console/assets/htmx.min.js", null).headers().firstValue("Content-Security-Policy"))
                .isPresent();
        assertThat(get("/console/assets/warden.yaml", null).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void aWrongCodeIsRefusedAndIamsLockoutHolds() {
        signIn("sec-op", PASSWORD, "000000");
        assertThat(text("login-error")).contains("one-time code");
        assertThat(browser.manage().getCookieNamed("__Host-warden-console")).isNull();

        for (int i = 0; i < 5; i++) {
            signIn("locked-op", "not the password", "123456");
            assertThat(text("login-error")).contains("user name or password is wrong");
        }
        signIn("locked-op", PASSWORD, "123456");
        assertThat(text("login-error")).contains("too many failed logins");
        assertThat(seriousAccessibilityViolations()).as("sign-in page").isEmpty();
        assertThat(browser.manage().getCookieNamed("__Host-warden-console")).isNull();
    }

    @Test
    @Order(3)
    void signingInTakesAPasswordAndATotpCode() {
        long started = System.nanoTime();
        signIn("sec-op", PASSWORD, Totp.code(operatorSeed, Instant.now()));
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/overview"));
        // The panels are loaded by htmx, so the script runs under the policy; they show live values.
        waitFor(() -> text("fleet-size").equals("1"));
        waitFor(() -> text("fleet-connected").equals("1"));
        waitFor(() -> text("audit-healthy").equals("yes"));
        waitFor(() -> text("alarms-critical").equals("0"));
        waitFor(() -> text("findings-total").endsWith(" open"));
        waitFor(() -> text("incidents").contains("Leaked device key"));
        assertThat(text("incidents")).containsPattern("sev2 .*(in \\d+ (s|min|h|d))");
        assertThat(text("signed-in-user")).isEqualTo("sec-op");
        System.out.printf("console sign-in to live overview: %d ms%n", (System.nanoTime() - started) / 1_000_000);

        Cookie cookie = browser.manage().getCookieNamed("__Host-warden-console");
        assertThat(cookie).isNotNull();
        assertThat(cookie.isSecure()).isTrue();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(cookie.getExpiry())
                .as("a session cookie, gone with the browser")
                .isNull();
        assertThat((String) js("return document.cookie")).doesNotContain("warden-console");
        operatorCookie = cookie.getValue();
        screenshot("overview");
        assertThat(policyViolations()).isEmpty();
        assertThat(seriousAccessibilityViolations()).as("overview").isEmpty();
    }

    @Test
    @Order(4)
    void aScriptInAThingAttributeIsShownAsText() {
        browser.get(base + "/console/devices?prefix=dev-con");
        browser.findElement(By.linkText("dev-console")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/devices/dev-console"));
        assertThat(browser.findElement(By.cssSelector("#attributes td")).getText())
                .isEqualTo(PAYLOAD);
        assertThat(js("return window.__pwned === undefined")).isEqualTo(true);
        assertThat(browser.findElements(By.cssSelector("#attributes script, #attributes img")))
                .isEmpty();
        assertThat(browser.getPageSource()).contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;");
        // AND its recent audit events (the Audit page's decision, audit:LookupEvents) name its enrolment, newest
        // first; its firmware panel, which this operator may not read (iot:DescribeAttestation), shows the refusal in
        // its place
        waitFor(() -> !browser.findElements(By.cssSelector("#device-audit-table tbody a"))
                .isEmpty());
        List<Long> seqs = browser.findElements(By.cssSelector("#device-audit-table tbody a")).stream()
                .map(a -> Long.parseLong(a.getText().trim()))
                .toList();
        assertThat(seqs).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(text("device-audit")).contains("warden:CreateThing", "ALLOW");
        waitFor(() -> text("device-firmware").contains("ACCESS_DENIED"));
        assertThat(text("device-firmware")).startsWith("403");
        screenshot("device");
        assertThat(seriousAccessibilityViolations()).as("device page").isEmpty();
        browser.get(base + "/console/devices");
        assertThat(seriousAccessibilityViolations()).as("device list").isEmpty();
    }

    @Test
    @Order(5)
    void aPostFromAnotherOriginIsRefusedAndChangesNothing() throws Exception {
        String target = base + "/console/devices/dev-console/certificates/" + serial + "/revoke";
        // GIVEN a page on another site that posts to the console as soon as the signed-in operator opens it
        HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
        byte[] page = ("<!DOCTYPE html><html><body><form id=f method=post action='" + target + "'>"
                        + "<input name=reason value=keyCompromise><input name=csrf value=guess></form>"
                        + "<script>document.getElementById('f').submit()</script></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        attacker.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        attacker.start();
        try {
            // WHEN the browser opens it: the session cookie stays home (SameSite=Strict), the post is refused as
            // unauthenticated and the browser is sent to the sign-in page
            browser.get("http://127.0.0.1:" + attacker.getAddress().getPort() + "/");
            waitFor(() -> browser.getCurrentUrl().equals(base + "/console/login"));
        } finally {
            attacker.stop(0);
        }
        // AND a forger holding the session cookie itself, but posting from another origin or without the
        // session's token, is refused before any decision
        String form = "reason=keyCompromise&csrf=guess";
        HttpResponse<String> foreign = post(target, form, "https://evil.example", operatorCookie);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("CSRF_REJECTED");
        HttpResponse<String> noToken = post(target, "reason=keyCompromise", base, operatorCookie);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("CSRF_REJECTED");
        HttpResponse<String> noOrigin = post(target, form, null, operatorCookie);
        assertThat(noOrigin.statusCode()).isEqualTo(403);
        // THEN the certificate is as it was, and the device still connected
        assertThat(harness.node.certificates().find(serial).orElseThrow().status())
                .isEqualTo(CertificateStatus.ACTIVE);
        assertThat(device.getState().isConnected()).isTrue();
    }

    @Test
    @Order(6)
    void revokingACertificateFromTheDevicesPageEndsItsLiveSession() {
        browser.get(base + "/console/devices/dev-console");
        assertThat(browser.findElement(By.id("sessions")).getText()).contains("dev-console");
        new Select(browser.findElement(By.id("reason-" + serial))).selectByValue("keyCompromise");
        long started = System.nanoTime();
        browser.findElement(By.id("revoke-" + serial)).click();
        waitFor(() -> browser.findElements(By.id("notice")).size() == 1);
        assertThat(text("notice")).contains(serial, "keyCompromise");
        waitFor(() -> !device.getState().isConnected());
        System.out.printf(
                "revoke in the console to MQTT session closed: %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertThat(harness.node.certificates().find(serial).orElseThrow().status())
                .isEqualTo(CertificateStatus.REVOKED);
        assertThat(browser.findElement(By.id("sessions")).getText()).contains("Not connected");
    }

    @Test
    @Order(7)
    void aPolicyIsShownWithItsDocumentAndAttachments() {
        browser.get(base + "/console/policies");
        browser.findElement(By.linkText("sec-op-console")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/policies/sec-op-console"));
        assertThat(text("policy-document")).contains("\"warden:RevokeCertificate\"", "\"Effect\" : \"Allow\"");
        assertThat(text("policy-principals")).contains("sec-op");
        screenshot("policy");
        assertThat(seriousAccessibilityViolations()).as("policy page").isEmpty();
        browser.get(base + "/console/policies/no-such-policy");
        assertThat(text("error-status")).isEqualTo("404");
    }

    @Test
    @Order(8)
    void theRevocationIsInTheAuditTrailAndTheTrailVerifies() {
        harness.node.audit().log().flushAndSign();
        browser.get(base + "/console/audit");
        browser.findElement(By.id("action")).sendKeys("warden:RevokeCertificate");
        new Select(browser.findElement(By.id("result"))).selectByValue("ALLOW");
        browser.findElement(By.id("query")).click();
        waitFor(() -> browser.getCurrentUrl().contains("action=warden"));
        // The intent, recorded before the revocation, and the outcome after it.
        var rows = browser.findElements(By.cssSelector("#events tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).getText()).contains("user:sec-op", "ALLOW", "cert/" + serial);
        rows.get(1).findElement(By.tagName("a")).click();
        waitFor(() -> browser.getCurrentUrl().contains("/console/audit/events/"));
        assertThat(text("event-principal")).isEqualTo("user:sec-op");
        assertThat(text("detail-source")).isEqualTo("console");
        assertThat(text("detail-status")).isEqualTo("303");
        screenshot("audit-event");
        assertThat(seriousAccessibilityViolations()).as("audit event").isEmpty();

        // The refused forgeries are in the trail too, each a DENY with its reason.
        browser.get(base + "/console/audit?action=warden:RevokeCertificate&result=DENY");
        assertThat(browser.findElements(By.cssSelector("#events tbody tr"))).hasSizeGreaterThanOrEqualTo(3);

        browser.get(base + "/console/audit");
        browser.findElement(By.id("verify")).click();
        waitFor(() -> browser.getCurrentUrl().contains("/console/audit/verify"));
        assertThat(text("verdict")).startsWith("Intact");
        assertThat(Long.parseLong(text("events-checked"))).isGreaterThan(10);
        assertThat(Integer.parseInt(text("digests-checked"))).isPositive();
        screenshot("audit-verify");
        assertThat(seriousAccessibilityViolations()).as("verification").isEmpty();
        browser.get(base + "/console/audit");
        assertThat(seriousAccessibilityViolations()).as("audit query").isEmpty();
        assertThat(policyViolations()).isEmpty();
    }

    @Test
    @Order(9)
    void signingOutEndsTheSessionOnTheServer() throws Exception {
        assertThat(get("/console/overview", operatorCookie).statusCode()).isEqualTo(200);
        browser.findElement(By.id("sign-out")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/login"));
        // The old cookie, replayed by whoever copied it, names no session any more.
        assertThat(get("/console/overview", operatorCookie).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(10)
    void aPageThePrincipalMayNotSeeIsRefusedWith403() {
        signIn("viewer", PASSWORD, Totp.code(viewerSeed, Instant.now()));
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/overview"));
        waitFor(() -> text("fleet-size").equals("1"));
        // The alarms panel shows the refusal in its place; the fleet panel still shows.
        waitFor(() -> text("alarms").contains("ACCESS_DENIED"));
        browser.get(base + "/console/audit");
        assertThat(text("error-status")).isEqualTo("403");
        assertThat(text("error-code")).isEqualTo("ACCESS_DENIED");
    }

    @Test
    @Order(20)
    void anAlarmIsVerifiedFromTheMonitoringPageAndTheNodeKeepsIt() throws Exception {
        long started = System.nanoTime();
        // GIVEN alarms: dev-console denied again and again (the built-in profile's authorization-failure burst, high)
        // and flooding (message-flood, medium)
        for (int i = 0; i < 160; i++) {
            harness.node
                    .monitorLoop()
                    .accept(Observation.onTopic(
                            TargetKey.thing("dev-console"),
                            Metric.NUM_MESSAGES_SENT,
                            1,
                            "devices/dev-console/telemetry",
                            System.currentTimeMillis()));
        }
        for (int i = 0; i < 8; i++) {
            harness.node
                    .monitorLoop()
                    .accept(Observation.onTopic(
                            TargetKey.thing("dev-console"),
                            Metric.NUM_AUTHORIZATION_FAILURES,
                            1,
                            "devices/other/cmd",
                            System.currentTimeMillis()));
        }
        byte[] seed = user("mon-op", """
                ["sts:GetCallerIdentity", "sts:Logout", "monitor:ListAlarms", "monitor:DescribeAlarm",
                 "monitor:VerifyAlarm", "monitor:ListSuppressions", "monitor:ListSecurityProfiles"]""");
        signIn("mon-op", PASSWORD, Totp.code(seed, Instant.now()));
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/overview"));

        // WHEN the operator opens Monitoring from the navigation THEN the alarm is listed, as are the profiles
        browser.findElement(By.linkText("Monitoring")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/monitoring"));
        By burst = By.xpath("//table[@id='alarms']/tbody/tr[contains(., 'authorization-failure-burst')"
                + " and contains(., 'thing/dev-console')]");
        waitFor(() -> {
            if (browser.findElements(burst).isEmpty()
                    || !browser.findElement(By.id("alarms")).getText().contains("message-flood")) {
                browser.navigate().refresh();
                return false;
            }
            return true;
        });
        var row = browser.findElement(burst);
        String id = row.getAttribute("id").substring("alarm-".length());
        assertThat(row.getText()).contains("high", "unknown");
        waitFor(() -> text("profiles").contains("warden-baseline"));
        assertThat(text("profiles")).contains("authorization-failure-burst (high)");
        waitFor(() -> text("suppressions").contains("None in force"));
        assertThat(seriousAccessibilityViolations()).as("monitoring page").isEmpty();
        // The list is filtered and paged on the server: one severity; one alarm a page, the next below it
        browser.get(base + "/console/monitoring?severity=medium");
        assertThat(browser.findElement(By.id("alarms")).getText())
                .contains("message-flood")
                .doesNotContain("authorization-failure-burst");
        browser.get(base + "/console/monitoring?limit=1");
        var first = browser.findElements(By.cssSelector("#alarms tbody tr"));
        assertThat(first).hasSize(1);
        String firstId = first.get(0).getAttribute("id");
        browser.findElement(By.id("next-page")).click();
        waitFor(() -> browser.getCurrentUrl().contains("after="));
        var second = browser.findElements(By.cssSelector("#alarms tbody tr"));
        assertThat(second).hasSize(1);
        assertThat(Long.parseLong(second.get(0).getAttribute("id").substring("alarm-".length())))
                .isLessThan(Long.parseLong(firstId.substring("alarm-".length())));
        browser.get(base + "/console/monitoring");
        row = browser.findElement(burst);

        // WHEN it is verified as a true positive with a note, from the alarm's page
        row.findElement(By.linkText(id)).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/monitoring/alarms/" + id));
        assertThat(text("verification-state")).isEqualTo("unknown");
        assertThat(seriousAccessibilityViolations()).as("alarm page").isEmpty();
        new Select(browser.findElement(By.id("state"))).selectByValue("true-positive");
        browser.findElement(By.id("note")).sendKeys("scan seen from the console");
        browser.findElement(By.id("verify")).click();
        waitFor(() -> browser.findElements(By.id("notice")).size() == 1);

        // THEN the page shows the new state, the list too, and the node keeps it
        assertThat(text("verification-state")).isEqualTo("true-positive");
        assertThat(text("verification-note")).isEqualTo("scan seen from the console");
        assertThat(text("verified-by")).isEqualTo("user:mon-op");
        browser.get(base + "/console/monitoring");
        assertThat(browser.findElement(By.cssSelector("#alarm-" + id + " .verification"))
                        .getText())
                .isEqualTo("true-positive");
        JsonNode stored =
                JSON.readTree(ok(harness.cli("monitor", "alarm", id, "--json")).out());
        assertThat(stored.path("verification").asText()).isEqualTo("true-positive");
        assertThat(stored.path("verificationNote").asText()).isEqualTo("scan seen from the console");
        assertThat(stored.path("verifiedBy").asText()).isEqualTo("user:mon-op");

        // AND a verification without the session's token is refused and changes nothing
        String cookie = browser.manage().getCookieNamed("__Host-warden-console").getValue();
        HttpResponse<String> forged = post(
                base + "/console/monitoring/alarms/" + id + "/verification",
                "state=false-positive&csrf=guess",
                base,
                cookie);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("CSRF_REJECTED");
        assertThat(JSON.readTree(ok(harness.cli("monitor", "alarm", id, "--json"))
                                .out())
                        .path("verification")
                        .asText())
                .isEqualTo("true-positive");

        // AND the verification is audited as the console's, with the state given
        harness.node.audit().log().flushAndSign();
        JsonNode events = JSON.readTree(ok(harness.cli(
                                "audit", "query", "--action", "monitor:VerifyAlarm", "--result", "allow", "--json"))
                        .out())
                .path("events");
        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("principal").path("id").asText()).isEqualTo("mon-op");
            assertThat(e.path("resource").asText()).endsWith(":alarm/" + id);
            assertThat(e.path("details").path("source").asText()).isEqualTo("console");
            assertThat(e.path("details").path("verification").asText()).isEqualTo("true-positive");
        });
        assertThat(policyViolations()).isEmpty();
        System.out.printf(
                "alarm raised, verified in the console and checked: %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    @Order(30)
    void anIncidentIsAdvancedFromTheConsoleAndItsTimelineShowsIt() {
        long started = System.nanoTime();
        signIn("responder", PASSWORD, Totp.code(responderSeed, Instant.now()));
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/overview"));
        browser.findElement(By.linkText("Incidents")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/incidents"));
        WebElement row = browser.findElement(By.xpath("//tr[td[text()='Leaked device key']]"));
        assertThat(browser.findElement(By.id("incident-list")).getAttribute("hx-get"))
                .isEqualTo("/console/incidents/rows");
        assertThat(row.getText()).containsPattern("sev2 detected \\S+ in \\d+ (s|min|h|d)");
        assertThat(seriousAccessibilityViolations()).as("incidents").isEmpty();
        String link = row.findElement(By.tagName("a")).getAttribute("href");
        // The rows the list refreshes itself with (every 10 s, so that the countdowns count down).
        browser.get(base + "/console/incidents/rows");
        assertThat(browser.findElement(By.id("incidents-table")).getText()).contains("Leaked device key");

        browser.get(link);
        waitFor(() -> browser.getCurrentUrl().matches(".*/console/incidents/\\d+$"));
        long id = Long.parseLong(browser.getCurrentUrl().replaceAll(".*/", ""));
        assertThat(text("incident-phase")).isEqualTo("detected");
        // The clocks and the timeline are panels of their own (each its own decision), loaded by htmx.
        waitFor(() -> text("clocks-phase").equals("detected"));
        assertThat(text("clock-triaged")).containsPattern("running in \\d+");
        waitFor(() -> text("timeline").contains(IncidentAudit.OPENED));
        waitFor(() -> text("runs").contains("No playbook run"));
        int before =
                browser.findElements(By.cssSelector("#timeline-table tbody tr")).size();
        assertThat(seriousAccessibilityViolations()).as("incident").isEmpty();

        // WHEN the responder moves it to the next phase (the first offered) with a note
        assertThat(new Select(browser.findElement(By.id("to")))
                        .getFirstSelectedOption()
                        .getText())
                .isEqualTo("triaged");
        browser.findElement(By.id("note")).sendKeys("key revoked, scope known");
        browser.findElement(By.id("advance")).click();
        waitFor(() -> browser.findElements(By.id("notice")).size() == 1);

        // THEN the page, its clocks and its timeline show it, and so does the node
        assertThat(text("notice")).isEqualTo("Moved to phase triaged.");
        assertThat(text("incident-phase")).isEqualTo("triaged");
        waitFor(() -> text("clocks-phase").equals("triaged"));
        assertThat(browser.findElement(By.cssSelector("#clock-triaged td:last-child"))
                        .getText())
                .isEqualTo("met");
        waitFor(() -> text("timeline").contains(IncidentAudit.PHASE_REACHED));
        assertThat(browser.findElements(By.cssSelector("#timeline-table tbody tr"))
                        .size())
                .isGreaterThan(before);
        assertThat(text("timeline")).contains("incident:AdvanceIncident", "key revoked, scope known");
        assertThat(harness.node.incidents().get(id).phase()).isEqualTo(Phase.TRIAGED);
        assertThat(new Select(browser.findElement(By.id("to")))
                        .getFirstSelectedOption()
                        .getText())
                .isEqualTo("communicated");
        screenshot("incident");
        assertThat(seriousAccessibilityViolations()).as("incident, advanced").isEmpty();

        // AND the post-mortem draft is a link away, rendered under the report's own policy
        browser.findElement(By.id("postmortem")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/incidents/" + id + "/postmortem"));
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("Leaked device key", "triaged");
        assertThat(policyViolations()).isEmpty();

        // AND the move is the responder's, audited with the console as its source
        harness.node.audit().log().flushAndSign();
        browser.get(base + "/console/audit?action=incident:AdvanceIncident&result=ALLOW");
        var rows = browser.findElements(By.cssSelector("#events tbody tr"));
        assertThat(rows.get(rows.size() - 1).getText()).contains("user:responder", "incident/" + id);
        rows.get(rows.size() - 1).findElement(By.tagName("a")).click();
        waitFor(() -> browser.getCurrentUrl().contains("/console/audit/events/"));
        assertThat(text("detail-source")).isEqualTo("console");
        assertThat(text("detail-status")).isEqualTo("303");
        assertThat(policyViolations()).isEmpty();
        System.out.printf(
                "console incident: list, page, advance and audit: %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    @Order(31)
    void aPlaybookStepThatWaitsForAPersonIsApprovedFromTheConsole() throws Exception {
        long started = System.nanoTime();
        // GIVEN a leaked secret's incident, whose playbook waits for a person before it rotates the secret
        ok(harness.cli("secret", "put", "console-bridge-password", "--value", "first-value"));
        long id = JSON.readTree(ok(harness.cli(
                                "incident",
                                "open",
                                "--title",
                                "Bridge password in a public repository",
                                "--severity",
                                "sev3",
                                "--secret",
                                "console-bridge-password",
                                "--playbook",
                                "leaked-secret",
                                "--json"))
                        .out())
                .path("id")
                .asLong();
        browser.get(base + "/console/incidents/" + id);
        waitFor(() -> {
            if (browser.findElements(By.cssSelector("#runs button")).isEmpty()) {
                browser.navigate().refresh();
                return false;
            }
            return true;
        });
        WebElement approve = browser.findElement(By.cssSelector("#runs button"));
        assertThat(approve.getText()).isEqualTo("Approve rotate");
        assertThat(seriousAccessibilityViolations())
                .as("incident with a waiting step")
                .isEmpty();

        // WHEN the responder approves it
        approve.click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/incidents/" + id)
                && text("runs").contains("completed"));

        // THEN the step ran (as the playbook's role), decided by the responder, from the console
        assertThat(text("runs")).contains("rotate", "responder");
        assertThat(ok(harness.cli("secret", "get", "console-bridge-password")).out())
                .doesNotContain("first-value");
        waitFor(() -> text("timeline").contains("incident:ApprovePlaybookStep"));
        assertThat(browser.findElement(By.xpath("//*[@id='timeline']//tr[td[text()='incident:ApprovePlaybookStep']"
                                + " and td[text()='ALLOW']][last()]"))
                        .getText())
                .contains("user:responder", "source=console");
        assertThat(policyViolations()).isEmpty();
        System.out.printf(
                "console incident: a playbook step approved: %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    @Order(40)
    void aFindingIsFixedFromTheCompliancePageAfterItSaysWhatTheFixWillDo() throws Exception {
        long started = System.nanoTime();
        // GIVEN a bucket whose policy grants to everyone (Block Public Access turned off first), found by compliance
        ok(harness.cli("bucket", "public-access-block", "--off"));
        ok(harness.cli("bucket", "create", "console-open"));
        Path open = dir.resolve("console-open.json");
        Files.writeString(open, """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
                  "Action": "warden:GetObject", "Resource": "%s/*"}]}
                """.formatted(bucket("console-open").path("arn").asText()));
        ok(harness.cli("bucket", "policy-put", "console-open", "--file", open.toString()));
        JsonNode finding = eventually(
                () -> findings("open").stream()
                        .filter(f -> f.path("resource").asText().endsWith(":bucket/console-open"))
                        .findFirst()
                        .orElse(null),
                "the public bucket's finding");
        String id = finding.path("id").asText();
        byte[] seed = user("compliance-op", """
                ["sts:GetCallerIdentity", "sts:Logout", "compliance:ListFindings", "compliance:DescribeFinding",
                 "compliance:GetReport", "warden:DeleteBucketPolicy", "audit:LookupEvents"]""");
        signIn("compliance-op", PASSWORD, Totp.code(seed, Instant.now()));
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/overview"));

        // WHEN the operator opens Compliance THEN the finding is listed as the CLI lists it, with its fix
        browser.findElement(By.linkText("Compliance")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/compliance"));
        assertThat(text("finding-" + id))
                .contains(
                        "BUCKET_PUBLIC",
                        "critical",
                        finding.path("resource").asText(),
                        "POLICY_GRANTS_EVERYONE",
                        finding.path("remediation").asText(),
                        "warden bucket policy-delete console-open");
        // (compliance may open or resolve a finding in between: the page is reloaded until it and the CLI agree)
        waitFor(() -> {
            List<JsonNode> cliOpen = unchecked(() -> findings("open"));
            for (String severity : List.of("critical", "high", "medium", "low")) {
                long cli = cliOpen.stream()
                        .filter(f -> f.path("severity").asText().equals(severity))
                        .count();
                if (Long.parseLong(text("open-" + severity)) != cli) {
                    browser.navigate().refresh();
                    return false;
                }
            }
            return true;
        });
        assertThat(browser.findElements(By.cssSelector("#suppressions tbody tr")))
                .hasSize(Math.max(1, findings("suppressed").size()));
        waitFor(() -> text("posture").contains("ETSI"));
        assertThat(browser.findElements(By.cssSelector("#posture-table tbody tr")))
                .hasSize(4);
        screenshot("compliance");
        assertThat(seriousAccessibilityViolations()).as("compliance page").isEmpty();

        // AND the reports download as the API serves them: type, file name, the report's own policy for HTML
        String cookie = browser.manage().getCookieNamed("__Host-warden-console").getValue();
        String sarifLink =
                browser.findElement(By.id("report-etsi-en-303-645-sarif")).getAttribute("href");
        HttpResponse<String> sarif = get(sarifLink.substring(base.length()), cookie);
        assertThat(sarif.statusCode()).isEqualTo(200);
        assertThat(sarif.headers().firstValue("Content-Type")).get().asString().startsWith("application/sarif+json");
        assertThat(sarif.headers().firstValue("Content-Disposition"))
                .contains("attachment; filename=\"warden-compliance-etsi-en-303-645.sarif\"");
        assertThat(JSON.readTree(sarif.body()).path("runs").isArray()).isTrue();
        HttpResponse<String> html = get("/console/compliance/reports/etsi-en-303-645?format=html", cookie);
        assertThat(html.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
        assertThat(html.headers().firstValue("Content-Security-Policy"))
                .get()
                .asString()
                .doesNotContain("unsafe-inline", "script-src 'self'");
        assertThat(get("/console/compliance/reports/etsi-en-303-645?format=ocsf", cookie)
                        .statusCode())
                .isEqualTo(200);

        // WHEN the operator opens the finding THEN the page says exactly what the fix will do, and nothing changed
        browser.findElement(By.cssSelector("#finding-" + id + " a")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/compliance/findings/" + id));
        assertThat(text("fix-command"))
                .isEqualTo(finding.path("fix").path("command").asText());
        assertThat(text("fix-call")).isEqualTo("DELETE /buckets/console-open/policy");
        assertThat(text("fix-action")).isEqualTo("warden:DeleteBucketPolicy");
        assertThat(text("fix-effect")).startsWith("Deletes the policy of bucket console-open");
        assertThat(bucket("console-open").path("hasPolicy").asBoolean()).isTrue();
        assertThat(seriousAccessibilityViolations()).as("finding page").isEmpty();

        // AND a POST without the session's token is refused and changes nothing
        String fix = browser.findElement(By.id("fix-form")).getAttribute("action");
        for (String form : List.of("", "csrf=guess")) {
            HttpResponse<String> forged = post(fix, form, base, cookie);
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forged.body()).contains("CSRF_REJECTED");
        }
        assertThat(bucket("console-open").path("hasPolicy").asBoolean()).isTrue();

        // WHEN the operator confirms THEN the fix runs, and the finding is resolved, for the CLI and the page
        browser.findElement(By.id("run-fix")).click();
        waitFor(() -> browser.findElements(By.id("notice")).size() == 1);
        assertThat(bucket("console-open").path("hasPolicy").asBoolean()).isFalse();
        eventually(() -> "resolved".equals(show(id).path("status").asText()) ? id : null, "the finding resolved");
        browser.get(base + "/console/compliance");
        assertThat(browser.findElements(By.id("finding-" + id))).isEmpty();

        // AND the fix is the operator's own call, audited with the console as its source
        harness.node.audit().log().flushAndSign();
        JsonNode events = JSON.readTree(ok(harness.cli(
                                "audit",
                                "query",
                                "--action",
                                "warden:DeleteBucketPolicy",
                                "--result",
                                "allow",
                                "--json"))
                        .out())
                .path("events");
        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("principal").path("id").asText()).isEqualTo("compliance-op");
            assertThat(e.path("resource").asText()).endsWith(":bucket/console-open");
            assertThat(e.path("details").path("source").asText()).isEqualTo("console");
            assertThat(e.path("details").path("finding").asText()).isEqualTo(id);
        });
        assertThat(policyViolations()).isEmpty();
        System.out.printf(
                "console compliance: finding listed, fix confirmed, run and resolved: %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    @Order(41)
    void keysSecretsAndBucketsShowTheirMetadataEachPanelItsOwnDecisionAndNeverASecretsValue() throws Exception {
        long started = System.nanoTime();
        String value = "console-never-shows-" + Long.toHexString(System.nanoTime());
        ok(harness.cli("secret", "put", "console-api-token", "--value", value));
        ok(harness.cli("kms", "create-key", "console-orders"));
        // GIVEN a user who may list keys and buckets but not secrets
        byte[] seed = user("keys-op", """
                ["sts:GetCallerIdentity", "sts:Logout", "kms:ListKeys", "warden:ListBuckets",
                 "warden:GetPublicAccessBlock", "warden:GetBucketReplication"]""");
        signIn("keys-op", PASSWORD, Totp.code(seed, Instant.now()));
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/overview"));
        browser.findElement(By.linkText("Keys, secrets, buckets")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/keys"));

        // THEN each key is shown as the CLI lists it, the buckets and Block Public Access too
        waitFor(() -> text("kms").contains("console-orders"));
        for (JsonNode key : JSON.readTree(
                        ok(harness.cli("kms", "list-keys", "--json")).out())
                .path("keys")) {
            assertThat(text("key-" + key.path("name").asText()))
                    .contains(
                            key.path("arn").asText(),
                            key.path("keySpec").asText(),
                            key.path("state").asText(),
                            key.path("versions").asText());
        }
        assertThat(text("key-console-orders")).contains("never", "due in");
        waitFor(() -> text("buckets").contains("console-open"));
        assertThat(text("bucket-console-open")).contains("none", "AES-256-GCM");
        assertThat(ok(harness.cli("bucket", "public-access-block")).out()).contains("off");
        waitFor(() -> text("bpa-state").equals("off"));
        waitFor(() -> text("replication").contains("No replication rule"));
        // AND the secrets panel says it is refused, while the others show
        waitFor(() -> text("secrets").contains("ACCESS_DENIED"));
        assertThat(seriousAccessibilityViolations()).as("keys page").isEmpty();
        assertThat(policyViolations()).isEmpty();

        // WHEN a user who may list secrets (and nothing else here) opens the page
        byte[] secretsSeed = user("secrets-op", """
                ["sts:GetCallerIdentity", "sts:Logout", "secrets:ListSecrets"]""");
        signIn("secrets-op", PASSWORD, Totp.code(secretsSeed, Instant.now()));
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/overview"));
        browser.get(base + "/console/keys");
        waitFor(() -> text("secrets").contains("console-api-token"));
        waitFor(() -> text("kms").contains("ACCESS_DENIED"));
        // THEN the secrets show as the CLI lists them, and no value is anywhere in the page
        for (JsonNode secret :
                JSON.readTree(ok(harness.cli("secret", "list", "--json")).out()).path("secrets")) {
            assertThat(browser.findElement(By.xpath("//table[@id='secrets-table']//tr[th='"
                                    + secret.path("name").asText() + "']"))
                            .getText())
                    .contains(
                            secret.path("versions").asText(),
                            secret.path("rotatedAt").isNull() ? "never" : "");
        }
        String rotated = ok(harness.cli("secret", "get", "console-bridge-password"))
                .out()
                .trim();
        assertThat(browser.getPageSource()).doesNotContain(value, rotated, "first-value");
        screenshot("keys");
        assertThat(seriousAccessibilityViolations()).as("keys page, secrets").isEmpty();
        assertThat(policyViolations()).isEmpty();
        System.out.printf(
                "console keys, secrets and buckets: two users, five panels: %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    @Order(50)
    void theOverviewChartsTheGatewaysTrafficAndTheRegionsPageSaysThisNodeIsASingleRegion() throws Exception {
        // GIVEN a device that published 40 messages
        ok(harness.cli(
                "device",
                "enroll",
                "dev-charts",
                "--out",
                dir.resolve("dev-charts").toString()));
        Mqtt5BlockingClient publisher = TestDevices.mqtt5(
                        dir.resolve("dev-charts"),
                        "dev-charts",
                        dir.resolve("data/pki/root.crt"),
                        harness.node.mqttPort(),
                        null)
                .buildBlocking();
        publisher.connect();
        try {
            for (int i = 0; i < 40; i++) {
                publisher
                        .publishWith()
                        .topic("devices/dev-charts/telemetry")
                        .qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE)
                        .payload(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8))
                        .send();
            }
        } finally {
            publisher.disconnect();
        }
        byte[] seed = user("charts-op", """
                ["sts:GetCallerIdentity", "sts:Logout", "monitor:GetMetrics", "region:ListRegions"]""");
        signIn("charts-op", PASSWORD, Totp.code(seed, Instant.now()));
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/overview"));

        // THEN the last hour's chart carries them, drawn by uPlot (a served script, under the page's policy)
        waitFor(() ->
                !browser.findElements(By.cssSelector("#chart-messages canvas")).isEmpty());
        JsonNode hour =
                JSON.readTree(browser.findElement(By.id("chart-messages")).getAttribute("data-series"));
        assertThat(hour.get(0)).hasSize(60);
        assertThat(hour.get(1)).anySatisfy(v -> assertThat(v.asDouble()).isPositive());
        assertThat(Double.parseDouble(text("traffic-peak"))).isPositive();
        assertThat(Integer.parseInt(text("traffic-observed"))).isPositive();
        assertThat(browser.findElements(By.cssSelector("#chart-failures canvas")))
                .hasSize(1);
        assertThat(policyViolations()).isEmpty();
        assertThat(seriousAccessibilityViolations())
                .as("overview with its charts")
                .isEmpty();
        screenshot("overview-traffic");

        // WHEN the day is chosen THEN the chart spans a day of minutes, and still shows the messages
        browser.findElement(By.id("traffic-day")).click();
        waitFor(() -> "true".equals(browser.findElement(By.id("traffic-day")).getAttribute("aria-pressed")));
        waitFor(() ->
                !browser.findElements(By.cssSelector("#chart-messages canvas")).isEmpty());
        JsonNode day =
                JSON.readTree(browser.findElement(By.id("chart-messages")).getAttribute("data-series"));
        assertThat(day.get(0)).hasSize(1440);
        assertThat(day.get(1)).anySatisfy(v -> assertThat(v.asDouble()).isPositive());

        // AND the Regions page, from the navigation, says this node is a single region (its links are off)
        browser.findElement(By.linkText("Regions")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/regions"));
        assertThat(text("single-region")).contains("single region", "eu-west-1");
        assertThat(text("single-reason")).contains("Region links are off");
        assertThat(browser.findElements(By.id("members"))).isEmpty();
        screenshot("regions-single");
        assertThat(policyViolations()).isEmpty();
        assertThat(seriousAccessibilityViolations()).as("regions page").isEmpty();
    }

    private static final String TOPIC = "arn:warden:iot:eu-west-1:default:topic/devices/";

    /** A one-statement policy allowing a publish on one device's telemetry topic, as typed in the editor. */
    private static String telemetryPolicy(String action, String device) {
        return "{\"Version\": \"2012-10-17\", \"Statement\": [\n"
                + "  {\"Sid\": \"Telemetry\", \"Effect\": \"Allow\", \"Action\": \"" + action + "\",\n"
                + "   \"Resource\": \"" + TOPIC + device + "/telemetry\"}\n"
                + "]}";
    }

    @Test
    @Order(25)
    void aPolicyIsEditedWithTheValidatorsErrorsSavedAsANewVersionDiffedAndSimulated() throws Exception {
        long started = System.nanoTime();
        Path file = dir.resolve("console-edit.json");
        Files.writeString(file, telemetryPolicy("iot:Publish", "a"));
        ok(harness.cli("policy", "create", "console-edit", "--file", file.toString()));
        byte[] seed = user("policy-op", """
                ["sts:GetCallerIdentity", "sts:Logout", "iam:ListPolicies", "iam:GetPolicy", "iam:AnalyzePolicy",
                 "iam:UpdatePolicy"]""");
        signIn("policy-op", PASSWORD, Totp.code(seed, Instant.now()));
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/overview"));
        browser.get(base + "/console/policies/console-edit");
        assertThat(text("version-1")).contains("in force");

        // WHEN the operator types a document with an unknown action THEN the validator's error shows, at its place
        String invalid = telemetryPolicy("iot:Publsh", "b");
        WebElement editor = browser.findElement(By.id("editor"));
        editor.clear();
        editor.sendKeys(invalid);
        waitFor(() -> text("validation").startsWith("Invalid"));
        Files.writeString(dir.resolve("invalid.json"), invalid);
        NodeHarness.CliResult cli =
                harness.cli("policy", "validate", dir.resolve("invalid.json").toString());
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err())
                .contains("invalid at line " + text("error-line") + ", column " + text("error-column"))
                .contains(text("error-message"), "(" + text("error-reason") + ")");
        assertThat(text("error-line")).isEqualTo("2");
        assertThat(seriousAccessibilityViolations())
                .as("policy editor, invalid")
                .isEmpty();
        // AND saving it is refused with the same error, and nothing is written
        browser.findElement(By.id("save")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/policies/console-edit/versions"));
        assertThat(text("validation")).startsWith("Invalid at line 2");
        assertThat(browser.findElement(By.id("editor")).getAttribute("value")).isEqualTo(invalid);
        assertThat(browser.findElements(By.id("version-2"))).isEmpty();
        assertThat(storedDocument("console-edit")).isEqualTo(telemetryPolicy("iot:Publish", "a"));

        // WHEN a valid edit is typed and saved THEN it is version 2, in force, for the page and the CLI
        String valid = telemetryPolicy("iot:Publish", "b");
        editor = browser.findElement(By.id("editor"));
        editor.clear();
        editor.sendKeys(valid);
        waitFor(() -> text("validation").startsWith("Valid: 1 statement"));
        browser.findElement(By.id("save")).click();
        waitFor(() -> browser.findElements(By.id("notice")).size() == 1);
        assertThat(text("notice")).isEqualTo("Saved as version 2.");
        assertThat(text("version-2")).contains("in force");
        assertThat(text("version-1")).doesNotContain("in force");
        assertThat(storedDocument("console-edit")).isEqualTo(valid);
        screenshot("policy-editor");
        assertThat(seriousAccessibilityViolations()).as("policy page, saved").isEmpty();

        // AND the diff of versions 1 and 2 shows the changed line, removed and added
        browser.findElement(By.id("compare")).click();
        waitFor(() -> browser.getCurrentUrl().contains("/diff?"));
        assertThat(text("diff"))
                .contains("-    \"Resource\": \"" + TOPIC + "a/telemetry\"}")
                .contains("+    \"Resource\": \"" + TOPIC + "b/telemetry\"}")
                .contains("{\"Version\": \"2012-10-17\"");
        assertThat(seriousAccessibilityViolations()).as("policy diff").isEmpty();

        // AND the simulator answers as warden policy simulate does, with the deciding statement
        Files.writeString(file, valid);
        for (String device : List.of("b", "a")) {
            browser.get(base + "/console/policies/console-edit");
            browser.findElement(By.id("sim-action")).sendKeys("iot:Publish");
            browser.findElement(By.id("sim-resource")).sendKeys(TOPIC + device + "/telemetry");
            browser.findElement(By.id("sim-context")).sendKeys("iot:ClientId=dev-b");
            browser.findElement(By.id("simulate")).click();
            waitFor(() -> !browser.findElements(By.id("sim-decision")).isEmpty());
            String[] simulated = ok(harness.cli(
                            "policy",
                            "simulate",
                            "--policy",
                            file.toString(),
                            "--action",
                            "iot:Publish",
                            "--resource",
                            TOPIC + device + "/telemetry",
                            "--context",
                            "iot:ClientId=dev-b"))
                    .out()
                    .trim()
                    .split("\n", 2);
            assertThat(text("sim-decision")).isEqualTo(simulated[0]);
            assertThat(text("sim-explanation")).isEqualTo(simulated[1].trim());
            assertThat(text("sim-statement"))
                    .isEqualTo(
                            device.equals("b")
                                    ? "console-edit statement 0 (Sid Telemetry)"
                                    : "none (no statement matched)");
        }
        assertThat(text("sim-decision")).isEqualTo("DENY");
        assertThat(seriousAccessibilityViolations()).as("simulator").isEmpty();

        // AND a save without the session's token is refused and changes nothing
        String cookie = browser.manage().getCookieNamed("__Host-warden-console").getValue();
        HttpResponse<String> forged = post(
                base + "/console/policies/console-edit/versions",
                "document=" + java.net.URLEncoder.encode(telemetryPolicy("*", "b"), StandardCharsets.UTF_8),
                base,
                cookie);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("CSRF_REJECTED");
        assertThat(storedDocument("console-edit")).isEqualTo(valid);

        // AND the save is audited as the console's; the refused one too, as an error with the validator's reason
        harness.node.audit().log().flushAndSign();
        JsonNode events = JSON.readTree(
                        ok(harness.cli("audit", "query", "--action", "iam:UpdatePolicy", "--result", "allow", "--json"))
                                .out())
                .path("events");
        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("principal").path("id").asText()).isEqualTo("policy-op");
            assertThat(e.path("resource").asText()).endsWith(":policy/console-edit");
            assertThat(e.path("details").path("source").asText()).isEqualTo("console");
            assertThat(e.path("details").path("version").asText()).isEqualTo("2");
        });
        JsonNode refused = JSON.readTree(
                        ok(harness.cli("audit", "query", "--action", "iam:UpdatePolicy", "--result", "error", "--json"))
                                .out())
                .path("events");
        assertThat(refused).anySatisfy(e -> {
            assertThat(e.path("principal").path("id").asText()).isEqualTo("policy-op");
            assertThat(e.path("details").path("source").asText()).isEqualTo("console");
            assertThat(e.path("details").path("errorCode").asText()).isEqualTo("INVALID_POLICY");
        });
        assertThat(policyViolations()).isEmpty();
        System.out.printf(
                "console policy: invalid refused, valid saved, diffed and simulated: %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    @Order(26)
    void aDeviceIsQuarantinedAndReleasedFromItsPage() throws Exception {
        long started = System.nanoTime();
        byte[] seed = user("quarantine-op", """
                ["sts:GetCallerIdentity", "sts:Logout", "warden:ListThings", "warden:DescribeThing", "monitor:ListAlarms",
                 "monitor:Quarantine", "monitor:ReleaseFromQuarantine"]""");
        signIn("quarantine-op", PASSWORD, Totp.code(seed, Instant.now()));
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/overview"));
        browser.get(base + "/console/devices/dev-console");
        assertThat(text("quarantine-state")).isEqualTo("not quarantined");
        // GIVEN the device's alarms (raised above), each with its quarantine form
        waitFor(() -> !browser.findElements(By.cssSelector("#device-alarms-table tbody tr[id]"))
                .isEmpty());
        String alarm = browser.findElement(By.cssSelector("#device-alarms-table tbody tr[id]"))
                .getAttribute("id")
                .substring("device-alarm-".length());
        assertThat(seriousAccessibilityViolations())
                .as("device page with its alarms")
                .isEmpty();

        // WHEN the operator confirms and quarantines THEN the device is quarantined, for the page and the CLI
        browser.findElement(By.id("quarantine-confirm-" + alarm)).click();
        browser.findElement(By.id("quarantine-" + alarm)).click();
        waitFor(() -> browser.findElements(By.id("notice")).size() == 1);
        assertThat(text("quarantine-state")).isEqualTo("quarantined");
        JsonNode mitigations = JSON.readTree(ok(harness.cli("monitor", "mitigations", "--alarm", alarm, "--json"))
                        .out())
                .path("mitigations");
        assertThat(mitigations).anySatisfy(m -> {
            assertThat(m.path("action").asText()).isEqualTo("quarantine");
            assertThat(m.path("principal").asText()).isEqualTo("user:quarantine-op");
            assertThat(m.path("status").asText()).isEqualTo("done");
        });
        assertThat(seriousAccessibilityViolations())
                .as("device page, quarantined")
                .isEmpty();

        // AND a release without the session's token is refused and changes nothing
        String cookie = browser.manage().getCookieNamed("__Host-warden-console").getValue();
        HttpResponse<String> forged = post(base + "/console/devices/dev-console/release", "confirm=yes", base, cookie);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("CSRF_REJECTED");
        browser.navigate().refresh();
        assertThat(text("quarantine-state")).isEqualTo("quarantined");
        // AND the device list's quarantine filter finds it, and only the devices in quarantine
        String devicePage = browser.getCurrentUrl();
        browser.get(base + "/console/devices");
        browser.findElement(By.id("quarantined")).click();
        browser.findElement(By.id("filter")).click();
        waitFor(() -> browser.getCurrentUrl().contains("quarantined=yes"));
        assertThat(browser.findElements(By.cssSelector("#devices tbody a")))
                .extracting(org.openqa.selenium.WebElement::getText)
                .containsExactly("dev-console");
        browser.get(devicePage);

        // WHEN released from the page THEN it is out of quarantine: the CLI finds nothing left to release
        browser.findElement(By.id("release-confirm")).click();
        browser.findElement(By.id("release")).click();
        waitFor(() -> browser.findElements(By.id("notice")).size() == 1);
        assertThat(text("quarantine-state")).isEqualTo("not quarantined");
        assertThat(ok(harness.cli("monitor", "release", "dev-console")).out()).contains("was not in quarantine");

        // AND both are the operator's, audited with the console as their source
        harness.node.audit().log().flushAndSign();
        for (String action : List.of("monitor:Quarantine", "monitor:ReleaseFromQuarantine")) {
            JsonNode events = JSON.readTree(
                            ok(harness.cli("audit", "query", "--action", action, "--result", "allow", "--json"))
                                    .out())
                    .path("events");
            assertThat(events).as(action).anySatisfy(e -> {
                assertThat(e.path("principal").path("id").asText()).isEqualTo("quarantine-op");
                assertThat(e.path("details").path("source").asText()).isEqualTo("console");
            });
        }
        assertThat(policyViolations()).isEmpty();
        System.out.printf(
                "console quarantine and release of a device: %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    @Order(27)
    void aPolicyIsCreatedDeletedAndAnEarlierVersionMadeTheDefaultEachAfterItsConfirmation() throws Exception {
        long started = System.nanoTime();
        byte[] seed = user("lifecycle-op", """
                ["sts:GetCallerIdentity", "sts:Logout", "iam:ListPolicies", "iam:GetPolicy", "iam:AnalyzePolicy",
                 "iam:CreatePolicy", "iam:DeletePolicy", "iam:UpdatePolicy"]""");
        signIn("lifecycle-op", PASSWORD, Totp.code(seed, Instant.now()));
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/overview"));

        // WHEN a new policy is typed THEN the validator answers as the editor's does; the review says what will happen
        browser.get(base + "/console/policies");
        browser.findElement(By.id("new-policy")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/new-policy"));
        browser.findElement(By.id("policy-name")).sendKeys("console-new");
        browser.findElement(By.id("editor")).sendKeys(telemetryPolicy("iot:Publsh", "n"));
        waitFor(() -> text("validation").startsWith("Invalid"));
        assertThat(text("error-line")).isEqualTo("2");
        assertThat(seriousAccessibilityViolations()).as("new policy").isEmpty();
        WebElement editor = browser.findElement(By.id("editor"));
        editor.clear();
        editor.sendKeys(telemetryPolicy("iot:Publish", "n"));
        waitFor(() -> text("validation").startsWith("Valid: 1 statement"));
        browser.findElement(By.id("review")).click();
        waitFor(() -> !browser.findElements(By.id("effects")).isEmpty());
        assertThat(text("effects")).contains("Stores policy console-new with 1 statement(s)", "attached to nothing");
        assertThat(seriousAccessibilityViolations()).as("create, confirmation").isEmpty();
        browser.findElement(By.id("confirm")).click();
        waitFor(() -> browser.findElements(By.id("notice")).size() == 1);
        assertThat(text("notice")).isEqualTo("Saved as version 1.");
        assertThat(storedDocument("console-new")).isEqualTo(telemetryPolicy("iot:Publish", "n"));
        browser.get(base + "/console/policies");
        assertThat(browser.findElements(By.linkText("console-new"))).hasSize(1);

        // WHEN it is deleted, unattached THEN it is gone, for the list and the CLI
        browser.get(base + "/console/policies/console-new");
        browser.findElement(By.id("delete-policy")).click();
        waitFor(() -> !browser.findElements(By.id("effects")).isEmpty());
        assertThat(text("effects")).contains("Deletes policy console-new and its 1 recorded version(s)");
        assertThat(seriousAccessibilityViolations()).as("delete, confirmation").isEmpty();
        browser.findElement(By.id("confirm")).click();
        waitFor(() -> browser.findElements(By.id("notice")).size() == 1);
        assertThat(text("notice")).isEqualTo("Policy console-new is deleted.");
        assertThat(browser.findElements(By.linkText("console-new"))).isEmpty();
        assertThat(harness.cli("policy", "show", "console-new").exitCode()).isNotZero();

        // WHEN an attached policy's deletion is confirmed THEN the page warned, and the node refuses with its reason
        browser.get(base + "/console/policies/sec-op-console/delete");
        assertThat(text("effects")).contains("attached to user:sec-op", "POLICY_ATTACHED");
        browser.findElement(By.id("confirm")).click();
        waitFor(() -> !browser.findElements(By.id("error-status")).isEmpty());
        assertThat(text("error-status")).isEqualTo("409");
        assertThat(text("error-code")).isEqualTo("POLICY_ATTACHED");
        assertThat(browser.findElement(By.cssSelector("p.error")).getText()).contains("detach it first");
        assertThat(storedDocument("sec-op-console")).contains("warden:RevokeCertificate");

        // WHEN version 1 of console-edit (version 2 in force) is made the default THEN its document is back, as v3
        browser.get(base + "/console/policies/console-edit");
        browser.findElement(By.id("restore-1")).click();
        waitFor(() -> !browser.findElements(By.id("effects")).isEmpty());
        assertThat(text("effects")).contains("Writes version 3 of console-edit with version 1's document");
        assertThat(text("confirm-diff")).contains("+    \"Resource\": \"" + TOPIC + "a/telemetry\"}");
        assertThat(seriousAccessibilityViolations()).as("restore, confirmation").isEmpty();
        browser.findElement(By.id("confirm")).click();
        waitFor(() -> browser.findElements(By.id("notice")).size() == 1);
        assertThat(text("notice")).isEqualTo("Saved as version 3, restoring version 1.");
        assertThat(text("version-3")).contains("in force");
        assertThat(storedDocument("console-edit")).isEqualTo(telemetryPolicy("iot:Publish", "a"));

        // AND each is the operator's, audited with the console as its source; the refused deletion with its reason
        harness.node.audit().log().flushAndSign();
        for (String action : List.of("iam:CreatePolicy", "iam:DeletePolicy", "iam:UpdatePolicy")) {
            assertThat(consoleEvents(action, "allow", "lifecycle-op"))
                    .as(action)
                    .isNotEmpty();
        }
        assertThat(consoleEvents("iam:UpdatePolicy", "allow", "lifecycle-op"))
                .anySatisfy(e ->
                        assertThat(e.path("details").path("restores").asText()).isEqualTo("1"));
        assertThat(consoleEvents("iam:DeletePolicy", "error", "lifecycle-op"))
                .anySatisfy(e ->
                        assertThat(e.path("details").path("errorCode").asText()).isEqualTo("POLICY_ATTACHED"));
        assertThat(policyViolations()).isEmpty();
        System.out.printf(
                "console policy created, deleted, refused and restored: %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    @Order(28)
    void aDeviceWithoutAnAlarmIsQuarantinedFromItsPageWithAReasonAndReleased() throws Exception {
        ok(harness.cli(
                "device", "enroll", "dev-quiet", "--out", dir.resolve("quiet").toString()));
        byte[] seed = user("device-op", """
                ["sts:GetCallerIdentity", "sts:Logout", "warden:DescribeThing", "monitor:ListAlarms",
                 "monitor:Quarantine", "monitor:ReleaseFromQuarantine"]""");
        signIn("device-op", PASSWORD, Totp.code(seed, Instant.now()));
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/overview"));
        browser.get(base + "/console/devices/dev-quiet");
        waitFor(() -> text("device-alarms").contains("No alarm"));
        assertThat(text("quarantine-state")).isEqualTo("not quarantined");

        // WHEN the operator gives a reason THEN the next page says what the quarantine will do, before it is done
        browser.findElement(By.id("quarantine-reason")).sendKeys("tampered enclosure reported on site");
        browser.findElement(By.id("quarantine")).click();
        waitFor(() -> !browser.findElements(By.id("effects")).isEmpty());
        assertThat(text("effects"))
                .contains("Adds dev-quiet to the warden-quarantine thing group", "tampered enclosure reported on site");
        assertThat(ok(harness.cli("monitor", "release", "dev-quiet")).out()).contains("was not in quarantine");
        assertThat(seriousAccessibilityViolations())
                .as("quarantine, confirmation")
                .isEmpty();

        // WHEN confirmed THEN the device is quarantined, for its page and the CLI
        browser.findElement(By.id("confirm")).click();
        waitFor(() -> browser.findElements(By.id("notice")).size() == 1);
        assertThat(text("quarantine-state")).isEqualTo("quarantined");
        assertThat(seriousAccessibilityViolations())
                .as("device page, quarantined by hand")
                .isEmpty();

        // WHEN released with a reason THEN it is out of quarantine: the CLI finds nothing left to release
        browser.findElement(By.id("release-confirm")).click();
        browser.findElement(By.id("release-reason")).sendKeys("enclosure inspected");
        browser.findElement(By.id("release")).click();
        waitFor(() -> browser.findElements(By.id("notice")).size() == 1);
        assertThat(text("quarantine-state")).isEqualTo("not quarantined");
        assertThat(ok(harness.cli("monitor", "release", "dev-quiet")).out()).contains("was not in quarantine");

        // AND both are the operator's, on the thing, audited with the console as their source and the reason given
        harness.node.audit().log().flushAndSign();
        assertThat(consoleEvents("monitor:Quarantine", "allow", "device-op")).anySatisfy(e -> {
            assertThat(e.path("resource").asText()).endsWith(":thing/dev-quiet");
            assertThat(e.path("details").path("reason").asText()).isEqualTo("tampered enclosure reported on site");
        });
        assertThat(consoleEvents("monitor:ReleaseFromQuarantine", "allow", "device-op"))
                .anySatisfy(e ->
                        assertThat(e.path("details").path("reason").asText()).isEqualTo("enclosure inspected"));
        assertThat(policyViolations()).isEmpty();
    }

    @Test
    @Order(29)
    void withoutTheirActionsThePolicyAndQuarantineChangesAreRefusedWith403() throws Exception {
        // GIVEN a user who may read policies and devices, and change neither
        byte[] seed = user("reader-op", """
                ["sts:GetCallerIdentity", "sts:Logout", "iam:ListPolicies", "iam:GetPolicy", "warden:DescribeThing",
                 "monitor:ListAlarms"]""");
        signIn("reader-op", PASSWORD, Totp.code(seed, Instant.now()));
        waitFor(() -> browser.getCurrentUrl().endsWith("/console/overview"));
        // AND without region:ListRegions nor monitor:GetMetrics: the traffic panel says so, the Regions page is a 403
        waitFor(() -> text("traffic").contains("ACCESS_DENIED"));
        browser.get(base + "/console/regions");
        waitFor(() -> !browser.findElements(By.id("error-status")).isEmpty());
        assertThat(text("error-status")).isEqualTo("403");
        assertThat(text("error-code")).isEqualTo("ACCESS_DENIED");
        // WHEN each change is confirmed THEN the node refuses it with 403, and nothing changes
        for (String page : List.of(
                "/console/policies/console-edit/delete",
                "/console/policies/console-edit/versions/2/restore",
                "/console/devices/dev-quiet/quarantine?reason=test")) {
            browser.get(base + page);
            browser.findElement(By.id("confirm")).click();
            waitFor(() -> !browser.findElements(By.id("error-status")).isEmpty());
            assertThat(text("error-status")).as(page).isEqualTo("403");
            assertThat(text("error-code")).as(page).isEqualTo("ACCESS_DENIED");
        }
        browser.get(base + "/console/new-policy");
        browser.findElement(By.id("policy-name")).sendKeys("reader-new");
        browser.findElement(By.id("editor")).sendKeys(telemetryPolicy("iot:Publish", "r"));
        browser.findElement(By.id("review")).click();
        waitFor(() -> !browser.findElements(By.id("error-status")).isEmpty());
        assertThat(text("error-status")).isEqualTo("403");
        assertThat(storedDocument("console-edit")).isEqualTo(telemetryPolicy("iot:Publish", "a"));
        assertThat(ok(harness.cli("monitor", "release", "dev-quiet")).out()).contains("was not in quarantine");
    }

    /** The audit events of {@code action} with {@code result} that {@code user} made from the console. */
    private List<JsonNode> consoleEvents(String action, String result, String user) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        JSON.readTree(ok(harness.cli("audit", "query", "--action", action, "--result", result, "--json"))
                        .out())
                .path("events")
                .forEach(e -> {
                    if (e.path("principal").path("id").asText().equals(user)
                            && e.path("details").path("source").asText().equals("console")) {
                        out.add(e);
                    }
                });
        return out;
    }

    /** A policy's document as the CLI shows it (the API's text, as stored). */
    private String storedDocument(String name) throws Exception {
        return JSON.readTree(ok(harness.cli("policy", "show", name, "--json")).out())
                .path("document")
                .asText();
    }

    private JsonNode bucket(String name) throws Exception {
        for (JsonNode b :
                JSON.readTree(ok(harness.cli("bucket", "list", "--json")).out()).path("buckets")) {
            if (b.path("name").asText().equals(name)) {
                return b;
            }
        }
        throw new AssertionError("no bucket " + name);
    }

    private List<JsonNode> findings(String status) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        JSON.readTree(ok(harness.cli("compliance", "findings", "--status", status, "--json"))
                        .out())
                .path("findings")
                .forEach(out::add);
        return out;
    }

    private JsonNode show(String id) throws Exception {
        return JSON.readTree(ok(harness.cli("compliance", "show", id, "--json")).out());
    }

    private static <T> T unchecked(java.util.concurrent.Callable<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code probe} until it gives a value (compliance re-runs a check on a change, within seconds). */
    private static <T> T eventually(java.util.concurrent.Callable<T> probe, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            T value = probe.call();
            if (value != null) {
                return value;
            }
            assertThat(System.currentTimeMillis()).as(what + " within 30 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** A user with the password, MFA enrolled (confirmed with an independent TOTP), and a policy of these actions. */
    private byte[] user(String name, String actions) throws Exception {
        ok(harness.cli(
                "user", "create", name, "--password-file", dir.resolve("pw").toString()));
        Path policy = dir.resolve(name + ".json");
        Files.writeString(policy, """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": %s, "Resource": "*"}]}
                """.formatted(actions));
        ok(harness.cli("policy", "create", name + "-console", "--file", policy.toString()));
        ok(harness.cli("policy", "attach", name + "-console", "--user", name));
        JsonNode enrollment = JSON.readTree(
                ok(harness.cli("user", "mfa-enroll", name, "--json")).out());
        byte[] seed = Totp.base32Decode(enrollment.path("secret").asText());
        ok(harness.cli(
                "user",
                "mfa-confirm",
                name,
                "--code",
                Totp.code(seed, Instant.now().minusSeconds(30))));
        return seed;
    }

    private void screenshot(String name) {
        ConsoleScreenshots.take(browser, name);
    }

    private void signIn(String user, String password, String code) {
        browser.get(base + "/console/login");
        browser.findElement(By.id("user")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("code")).sendKeys(code);
        var form = browser.findElement(By.id("login-form"));
        browser.findElement(By.id("sign-in")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(form));
        waitFor(() -> !browser.findElements(By.id("login-error")).isEmpty()
                || browser.getCurrentUrl().endsWith("/console/overview"));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private void waitFor(java.util.function.BooleanSupplier condition) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> {
                try {
                    return condition.getAsBoolean();
                } catch (org.openqa.selenium.NoSuchElementException
                        | org.openqa.selenium.StaleElementReferenceException e) {
                    return false;
                }
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(
                    "waited 10 s in vain at " + browser.getCurrentUrl() + ", which shows:\n"
                            + browser.findElement(By.tagName("body")).getText(),
                    e);
        }
    }

    /**
     * axe-core's serious and critical findings on the current page (injected through the driver, which the page's
     * Content-Security-Policy does not govern), each as "rule: help [targets]".
     */
    private List<String> seriousAccessibilityViolations() {
        js(axe);
        Object result = ((JavascriptExecutor) browser).executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        axe.run(document)
                          .then(r => done(r.passes.length === 0 ? ['axe checked nothing'] : r.violations
                            .filter(v => v.impact === 'serious' || v.impact === 'critical')
                            .map(v => v.id + ': ' + v.help + ' ' + JSON.stringify(v.nodes.map(n => n.target)))))
                          .catch(e => done(['axe failed: ' + e]));
                        """);
        @SuppressWarnings("unchecked")
        List<String> violations = (List<String>) result;
        return violations;
    }

    /** axe-core as package-lock.json pins it, from the npm registry (CI installs node and npm). */
    private static String axeSource() throws Exception {
        Path script = AXE_DIR.resolve("node_modules/axe-core/axe.min.js");
        if (!Files.isRegularFile(script)) {
            var install =
                    dev.warden.testkit.Processes.run(AXE_DIR, List.of("npm", "ci", "--no-audit", "--no-fund"), 180);
            assertThat(install.exitCode()).as(install.output()).isZero();
        }
        return Files.readString(script);
    }

    /** What the browser reported as refused by the Content-Security-Policy since the last call. */
    private List<String> policyViolations() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to"))
                .toList();
    }

    private HttpResponse<String> get(String path, String sessionCookie) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (sessionCookie != null) {
            request.header("Cookie", "__Host-warden-console=" + sessionCookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String form, String origin, String sessionCookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "__Host-warden-console=" + sessionCookie)
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext trusting(Path rootFile) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(
                "root", Pem.parseCertificates(Files.readString(rootFile)).get(0));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
