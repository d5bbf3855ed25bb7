package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.pki.Fingerprints;
import dev.warden.pki.Pem;
import dev.warden.testkit.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Signing in to the console with a user's client certificate, through clients Warden did not write: the key and CSR
 * made by openssl, the certificate issued by the CLI, the sign-in form posted by curl over mutual TLS, and the session
 * it gets handed to Chromium, which then sees the overview as that user. Refused, each with the login page and an
 * audited DENY: a device's certificate, no certificate, and the user's certificate once revoked (which also ends the
 * session it signed in).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleCertificateIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION_COOKIE = ConsoleCurl.SESSION_COOKIE;

    @TempDir
    static Path dir;

    private NodeHarness harness;
    private WebDriver browser;
    private String base;
    private Path root;
    private X509Certificate userCertificate;

    @BeforeAll
    void start() throws Exception {
        Chromium.requireInstalled();
        harness = new NodeHarness(dir.resolve("data"), null);
        base = harness.adminUrl();
        root = dir.resolve("data/pki/root.crt");
        // A user without TOTP: the certificate is the second factor.
        Files.writeString(dir.resolve("pw"), "correct horse battery staple\n");
        ok(harness.cli(
                "user",
                "create",
                "cert-op",
                "--password-file",
                dir.resolve("pw").toString()));
        Files.writeString(dir.resolve("cert-op.json"), """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": ["sts:GetCallerIdentity", "sts:Logout", "warden:ListThings"],
                   "Resource": "*"}]}
                """);
        ok(harness.cli(
                "policy",
                "create",
                "cert-op-console",
                "--file",
                dir.resolve("cert-op.json").toString()));
        ok(harness.cli("policy", "attach", "cert-op-console", "--user", "cert-op"));
        ok(harness.cli(
                "device", "enroll", "dev-cert", "--out", dir.resolve("dev").toString()));
        browser = Chromium.start(dir.resolve("chromium"));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    @Order(1)
    void aUserCertificateFromTheUsersOwnCsrSignsInAndTheBrowserSeesTheOverview() throws Exception {
        // GIVEN a key and CSR made by openssl (the key never leaves the user) and a certificate issued by the CLI
        run(List.of("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "user.key"));
        run(List.of("openssl", "req", "-new", "-key", "user.key", "-subj", "/CN=cert-op", "-out", "user.csr"));
        ok(harness.cli(
                "user",
                "cert",
                "cert-op",
                "--csr",
                dir.resolve("user.csr").toString(),
                "--out",
                dir.resolve("user.crt").toString()));
        userCertificate = Pem.parseCertificate(Files.readString(dir.resolve("user.crt")));
        assertThat(userCertificate.getSubjectX500Principal().getName()).contains("OU=user", "CN=cert-op");
        assertThat(userCertificate.getSubjectAlternativeNames())
                .containsExactly(List.of(6, "arn:warden:iam::default:user/cert-op"));
        assertThat(ok(harness.cli("user", "certs", "cert-op")).out()).contains(serial(), "ACTIVE");

        // WHEN curl posts the sign-in form with it
        ConsoleCurl.SignIn signIn = signInWithCurl("user", "user.crt", "user.key");

        // THEN a session: 303 to the overview, and the browser holding its cookie sees the overview as the user
        assertThat(signIn.status()).isEqualTo("303");
        assertThat(signIn.session()).isNotNull();
        browser.get(base + "/console/login");
        browser.manage()
                .addCookie(new Cookie.Builder(SESSION_COOKIE, signIn.session())
                        .path("/")
                        .isSecure(true)
                        .isHttpOnly(true)
                        .sameSite("Strict")
                        .build());
        browser.get(base + "/console/overview");
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> !d.findElements(By.id("signed-in-user")).isEmpty());
        assertThat(browser.getCurrentUrl()).endsWith("/console/overview");
        assertThat(browser.findElement(By.id("signed-in-user")).getText()).isEqualTo("cert-op");
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.findElement(By.id("fleet-size")).getText().equals("1"));

        // The trail: sts:Login allowed, from the console, by certificate, naming it by its fingerprint
        List<JsonNode> logins = loginEvents("allow");
        assertThat(logins).anySatisfy(e -> {
            assertThat(e.path("principal").path("type").asText()).isEqualTo("user");
            assertThat(e.path("principal").path("id").asText()).isEqualTo("cert-op");
            assertThat(e.path("principal").path("credential").asText())
                    .isEqualTo("cert:" + Fingerprints.sha256Hex(userCertificate));
            assertThat(e.path("details").path("method").asText()).isEqualTo("certificate");
            assertThat(e.path("details").path("source").asText()).isEqualTo("console");
        });
    }

    @Test
    @Order(2)
    void aDevicesCertificateSignsNoOneIn() throws Exception {
        // GIVEN a valid, active device certificate from the same CA, whose CN could be anyone's
        ConsoleCurl.SignIn signIn = signInWithCurl("device", "dev/dev-cert.crt", "dev/dev-cert.key");

        assertThat(signIn.status()).isEqualTo("401");
        assertThat(signIn.session()).isNull();
        assertThat(signIn.page()).contains("id=\"login-error\"", "not a USER one");
        assertThat(loginEvents("deny"))
                .anySatisfy(
                        e -> assertThat(e.path("principal").path("credential").asText())
                                .isEqualTo(Fingerprints.sha256Hex(
                                        Pem.parseCertificate(Files.readString(dir.resolve("dev/dev-cert.crt"))))));
    }

    @Test
    @Order(3)
    void noCertificateSignsNoOneIn() throws Exception {
        ConsoleCurl.SignIn signIn = signInWithCurl("anonymous", null, null);

        assertThat(signIn.status()).isEqualTo("401");
        assertThat(signIn.session()).isNull();
        assertThat(signIn.page()).contains("no client certificate was presented");
    }

    @Test
    @Order(4)
    void aRevokedUserCertificateEndsItsSessionAndIsRefusedFromThenOn() throws Exception {
        // GIVEN the user's certificate, which signed in before, revoked with the CLI
        ok(harness.cli("user", "revoke-cert", "cert-op", serial(), "--reason", "keyCompromise"));
        assertThat(ok(harness.cli("user", "certs", "cert-op")).out()).contains(serial(), "REVOKED");

        // THEN the session it signed in ends at the browser's next request
        browser.get(base + "/console/overview");
        assertThat(browser.findElements(By.id("signed-in-user"))).isEmpty();

        // WHEN it signs in again THEN refused
        ConsoleCurl.SignIn signIn = signInWithCurl("revoked", "user.crt", "user.key");

        assertThat(signIn.status()).isEqualTo("401");
        assertThat(signIn.session()).isNull();
        assertThat(signIn.page()).contains("is revoked");
        assertThat(loginEvents("deny")).anySatisfy(e -> {
            assertThat(e.path("principal").path("id").asText()).isEqualTo("cert-op");
            assertThat(e.path("details").path("method").asText()).isEqualTo("certificate");
        });
    }

    private List<JsonNode> loginEvents(String result) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(ok(harness.cli("audit", "query", "--action", "sts:Login", "--result", result, "--json"))
                        .out())
                .path("events")
                .forEach(events::add);
        return events;
    }

    private ConsoleCurl.SignIn signInWithCurl(String name, String certificate, String key) throws Exception {
        return new ConsoleCurl(dir, base, root).signIn(name, certificate, key);
    }

    private String serial() {
        return userCertificate.getSerialNumber().toString(16);
    }

    private static String run(List<String> command) {
        Processes.Result result = Processes.run(dir, command, 30);
        assertThat(result.exitCode())
                .as(String.join(" ", command) + ": " + result.output())
                .isZero();
        return result.output();
    }
}
