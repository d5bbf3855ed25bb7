package dev.warden.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.iam.Totp;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Section 10: the web console. The demo makes an operator with a password and TOTP (the console accepts no sign-in
 * without a second factor), signs in as a browser would (the sign-in form's token, its cookie, the console's own
 * origin) and reads the overview's panels, which show what the sections before left: the fleet, the alarms, the
 * findings, the incident drills and the audit chain. It prints the console's address and a one-time login: the
 * password with one of the operator's recovery codes, each of which works once.
 */
final class ConsoleDemo {
    static final String OPERATOR = "demo-operator";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOGIN_TOKEN = Pattern.compile("name=\"loginToken\" value=\"([^\"]+)\"");
    private static final Map<String, String> PANELS = panels();

    private final DemoConsole console;
    private final Function<String[], String> cli;
    private final int adminPort;
    private final Path rootCa;
    private final Path work;

    ConsoleDemo(DemoConsole console, Function<String[], String> cli, int adminPort, Path rootCa, Path work) {
        this.console = console;
        this.cli = cli;
        this.adminPort = adminPort;
        this.rootCa = rootCa;
        this.work = work;
    }

    /** The panels of the overview the demo reads, and what each must show after the sections before. */
    private static Map<String, String> panels() {
        Map<String, String> panels = new LinkedHashMap<>();
        panels.put("fleet", "connected");
        panels.put("alarms", "active");
        panels.put("findings", "open");
        panels.put("incidents", "incident");
        panels.put("audit", "recording");
        return panels;
    }

    /** True when the operator signed in with its second factor and every panel answered. */
    boolean show() throws Exception {
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(18));
        Path passwordFile = work.resolve("demo-operator.password");
        Files.createFile(
                passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, password);
        cli.apply(new String[] {"user", "create", OPERATOR, "--password-file", passwordFile.toString()});
        cli.apply(new String[] {"policy", "attach", "warden-admin-full", "--user", OPERATOR});
        JsonNode enrollment = JSON.readTree(cli.apply(new String[] {"user", "mfa-enroll", OPERATOR, "--json"}));
        byte[] seed = Totp.base32Decode(enrollment.path("secret").asText());
        cli.apply(new String[] {"user", "mfa-confirm", OPERATOR, "--code", Totp.code(seed, Instant.now())});
        console.ok("operator " + OPERATOR + " with a password and TOTP (the console takes no sign-in without MFA)");

        String base = "https://localhost:" + adminPort;
        HttpClient browser = HttpClient.newBuilder()
                .sslContext(RootTrust.context(rootCa))
                .cookieHandler(new CookieManager())
                .build();
        // The demo signs in with the first recovery code and leaves the second to whoever reads the console.
        int status = signIn(
                browser, base, password, enrollment.path("recoveryCodes").get(0).asText());
        if (status != 303) {
            console.fail("signing in to the console answered " + status);
            return false;
        }
        boolean all = true;
        for (Map.Entry<String, String> panel : PANELS.entrySet()) {
            HttpResponse<String> page = browser.send(
                    HttpRequest.newBuilder(URI.create(base + "/console/overview/" + panel.getKey()))
                            .header("HX-Request", "true")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String text = summary(page.body());
            boolean shown = page.statusCode() == 200
                    && text.toLowerCase(java.util.Locale.ROOT).contains(panel.getValue());
            if (shown) {
                console.ok("overview, " + panel.getKey() + ": " + text);
            } else {
                console.fail("overview, " + panel.getKey() + ": " + page.statusCode() + " " + text);
                all = false;
            }
        }
        console.step("console: " + base + "/console  (the node's root CA signs its certificate: " + rootCa.getFileName()
                + " in the data directory)");
        console.step("one-time login: user " + OPERATOR + ", password " + password + ", code "
                + enrollment.path("recoveryCodes").get(1).asText() + " (a recovery code: it works once)");
        console.step("to keep signing in, add the TOTP secret to an authenticator: "
                + enrollment.path("otpauthUri").asText());
        return all;
    }

    /** The sign-in form as a browser posts it: its token (bound to its cookie) and the console's own origin. */
    private static int signIn(HttpClient browser, String base, String password, String code) throws Exception {
        HttpResponse<String> form = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/console/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = LOGIN_TOKEN.matcher(form.body());
        if (!token.find()) {
            throw new IllegalStateException("the console's sign-in page has no form token");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("loginToken", token.group(1));
        fields.put("user", OPERATOR);
        fields.put("password", password);
        fields.put("code", code);
        String body = fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return browser.send(
                        HttpRequest.newBuilder(URI.create(base + "/console/login"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("Origin", base)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** A panel's text without its markup, on one line. */
    private static String summary(String html) {
        String text =
                html.replaceAll("(?s)<[^>]*>", " ").replaceAll("\\s+", " ").trim();
        return text.length() > 140 ? text.substring(0, 137) + "..." : text;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
