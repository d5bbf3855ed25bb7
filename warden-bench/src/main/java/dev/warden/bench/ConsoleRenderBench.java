package dev.warden.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.WardenCommand;
import dev.warden.iam.Totp;
import dev.warden.node.WardenNode;
import dev.warden.node.config.ConfigKey;
import dev.warden.node.config.ConfigLoader;
import dev.warden.testkit.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The console's pages on a node with a large fleet (issue 26: "pages stay fast with 100,000 devices ... each page
 * rendered in at most 100 ms on the node"). One node in this JVM on SQLite; THINGS things written straight into its
 * registry table in one transaction (the admin API would take minutes to make them, and the pages only read them),
 * plus one device enrolled through the CLI with a real certificate for the device page; an operator with a password
 * and TOTP signed in over HTTPS as a browser does (sign-in token, same origin, the {@code __Host-} session cookie).
 * Each page is then fetched ROUNDS times on one keep-alive connection after a warm-up, and its time is taken from
 * request sent to body read: the render on the node plus TLS and loopback, an upper bound of the node's own time.
 *
 * <p>Usage: {@code java -cp warden-bench.jar dev.warden.bench.ConsoleRenderBench [THINGS] [ROUNDS]}
 * (defaults 100000 and 200); see {@code warden-bench/scripts/console-render.sh}.
 */
public final class ConsoleRenderBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "console-bench-password-1";
    private static final Pattern LOGIN_TOKEN = Pattern.compile("name=\"loginToken\" value=\"([^\"]+)\"");

    private ConsoleRenderBench() {}

    public static void main(String[] args) throws Exception {
        int things = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path dir = Files.createTempDirectory("warden-console-bench-");
        int adminPort = FreePorts.next();
        WardenNode node = node(dir, adminPort);
        try {
            long seeded = seedThings(dir, things);
            System.out.printf("%,d things written into the registry in %d ms%n", things, seeded);
            cli(
                    dir,
                    "device",
                    "enroll",
                    "bench-device",
                    "--out",
                    dir.resolve("bench-device").toString());
            byte[] seed = operator(dir);
            String base = "https://localhost:" + adminPort;
            HttpClient http = HttpClient.newBuilder()
                    .sslContext(trusting(dir.resolve("pki/root.crt")))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            String session = signIn(http, base, Totp.code(seed, Instant.now()));
            List<String> pages = List.of(
                    "/console/overview",
                    "/console/devices",
                    "/console/devices?prefix=dev-0999&type=&limit=50",
                    "/console/devices?prefix=&type=&limit=50&after=dev-090000",
                    "/console/devices?prefix=&type=&group=&quarantined=yes",
                    "/console/devices/bench-device",
                    "/console/policies",
                    "/console/monitoring",
                    "/console/compliance",
                    "/console/incidents",
                    "/console/audit",
                    "/console/keys",
                    "/console/regions");
            System.out.printf(
                    "%-58s %8s %8s %8s %8s  (ms, %d rounds each)%n", "page", "p50", "p90", "p99", "max", rounds);
            for (String page : pages) {
                List<Long> nanos = time(http, base + page, session, rounds);
                print(page, nanos);
            }
        } finally {
            node.close();
        }
    }

    private static WardenNode node(Path dir, int adminPort) {
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.DATA, dir.toString());
        flags.put(ConfigKey.ADMIN_PORT, String.valueOf(adminPort));
        flags.put(ConfigKey.PUBLIC_PORT, String.valueOf(FreePorts.next()));
        flags.put(ConfigKey.MQTT_PORT, String.valueOf(FreePorts.next()));
        return new WardenNode(ConfigLoader.load(flags, Map.of(), null), Clock.systemUTC()).start();
    }

    /** THINGS rows in the registry's {@code things} table, half of them of one type, in one transaction. */
    private static long seedThings(Path dir, int things) throws Exception {
        long started = System.nanoTime();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("warden.db"))) {
            db.setAutoCommit(false);
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO things (name, region, account, thing_type, attributes, created_at) "
                            + "VALUES (?, 'eu-west-1', 'default', ?, ?, ?)")) {
                long now = System.currentTimeMillis();
                for (int i = 0; i < things; i++) {
                    insert.setString(1, String.format("dev-%06d", i));
                    insert.setString(2, i % 2 == 0 ? "thermostat" : "meter");
                    insert.setString(3, "{\"site\":\"plant-" + (i % 40) + "\",\"fw\":\"1." + (i % 7) + "\"}");
                    insert.setLong(4, now - i);
                    insert.addBatch();
                    if (i % 10_000 == 9_999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            db.commit();
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** An operator who may do everything, with TOTP confirmed; returns the TOTP seed. */
    private static byte[] operator(Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("operator.pw"), PASSWORD + "\n");
        Path policy = Files.writeString(dir.resolve("operator.json"), """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
                """);
        cli(dir, "user", "create", "operator", "--password-file", password.toString());
        cli(dir, "policy", "create", "operator-all", "--file", policy.toString());
        cli(dir, "policy", "attach", "operator-all", "--user", "operator");
        JsonNode enrollment = JSON.readTree(cli(dir, "user", "mfa-enroll", "operator", "--json"));
        byte[] seed = Totp.base32Decode(enrollment.path("secret").asText());
        // The previous step's code first, so that signing in now uses another one (a code is accepted once); should
        // that one be refused as too old, the current step's, and signing in waits for the next step.
        if (run(
                        dir,
                        new ByteArrayOutputStream(),
                        new StringWriter(),
                        "user",
                        "mfa-confirm",
                        "operator",
                        "--code",
                        Totp.code(seed, Instant.now().minusSeconds(30)))
                != 0) {
            cli(dir, "user", "mfa-confirm", "operator", "--code", Totp.code(seed, Instant.now()));
            Thread.sleep(30_000 - System.currentTimeMillis() % 30_000 + 500);
        }
        return seed;
    }

    /** Signs in as a browser does; returns the {@code Cookie} header of the session. */
    private static String signIn(HttpClient http, String base, String code) throws Exception {
        HttpResponse<String> form = http.send(
                HttpRequest.newBuilder(URI.create(base + "/console/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        String signInCookie = cookie(form, "__Host-warden-signin");
        Matcher token = LOGIN_TOKEN.matcher(form.body());
        if (!token.find()) {
            throw new IllegalStateException("no sign-in token on the login page");
        }
        String body = "loginToken=" + encode(token.group(1)) + "&user=operator&password=" + encode(PASSWORD) + "&code="
                + code;
        HttpResponse<String> signedIn = http.send(
                HttpRequest.newBuilder(URI.create(base + "/console/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Origin", base)
                        .header("Cookie", signInCookie)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (signedIn.statusCode() != 303) {
            throw new IllegalStateException("sign-in refused: " + signedIn.statusCode());
        }
        return cookie(signedIn, "__Host-warden-console");
    }

    private static List<Long> time(HttpClient http, String url, String session, int rounds) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Cookie", session)
                .build();
        List<Long> nanos = new ArrayList<>(rounds);
        for (int i = 0; i < rounds + rounds / 10; i++) {
            long started = System.nanoTime();
            HttpResponse<String> page = http.send(request, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - started;
            if (page.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + page.statusCode());
            }
            if (i >= rounds / 10) { // the first tenth warms up the JIT and the database's page cache
                nanos.add(took);
            }
        }
        return nanos;
    }

    private static void print(String page, List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        int n = sorted.size();
        System.out.printf(
                "%-58s %8.1f %8.1f %8.1f %8.1f%n",
                page,
                sorted.get(index(n, 0.50)) / 1e6,
                sorted.get(index(n, 0.90)) / 1e6,
                sorted.get(index(n, 0.99)) / 1e6,
                sorted.get(n - 1) / 1e6);
    }

    private static int index(int n, double q) {
        return Math.min(n - 1, (int) Math.ceil(q * n) - 1);
    }

    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name + " cookie"));
    }

    private static SSLContext trusting(Path root) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(root)) {
            trust.setCertificateEntry(
                    "root", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Runs {@code warden ARGS --data DIR} in-process; returns its standard output. */
    private static String cli(Path dir, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        if (run(dir, out, err, args) != 0) {
            throw new IllegalStateException("warden " + String.join(" ", args) + ": " + err);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int run(Path dir, ByteArrayOutputStream out, StringWriter err, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data", dir.toString()));
        return WardenCommand.execute(all.toArray(String[]::new), out, new PrintWriter(err));
    }
}
