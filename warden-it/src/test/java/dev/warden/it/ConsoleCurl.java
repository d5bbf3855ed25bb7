package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testkit.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console driven by curl, a client Warden did not write: the certificate sign-in as a browser posts it (the
 * login page's token and sign-in cookie, the console's own origin, the client certificate on both connections), and
 * pages fetched with the session it got.
 */
final class ConsoleCurl {
    static final String SESSION_COOKIE = "__Host-warden-console";
    private static final Pattern LOGIN_TOKEN = Pattern.compile("name=\"loginToken\" value=\"([A-Za-z0-9_-]+)\"");

    private final Path dir;
    private final String base;
    private final Path trust;

    /** What one sign-in answered: the status, the login page (on a refusal), the session cookie or null. */
    record SignIn(String status, String page, String session) {}

    /** Runs curl in {@code dir} against the console at {@code base}, trusting only the certificate {@code trust}. */
    ConsoleCurl(Path dir, String base, Path trust) {
        this.dir = dir;
        this.base = base;
        this.trust = trust;
    }

    /**
     * GETs the login page for its token and sign-in cookie, then POSTs the certificate form from the console's own
     * origin, presenting {@code certificate} and {@code key} (none when null) on both connections; {@code name} names
     * the cookie jar and the saved pages.
     */
    SignIn signIn(String name, String certificate, String key) throws Exception {
        Path jar = dir.resolve(name + ".cookies");
        List<String> tls = new ArrayList<>(List.of("curl", "-sS", "--cacert", trust.toString(), "-b", jar.toString()));
        tls.addAll(List.of("-c", jar.toString()));
        if (certificate != null) {
            tls.addAll(List.of("--cert", certificate, "--key", key));
        }
        List<String> get = new ArrayList<>(tls);
        get.addAll(List.of("-o", name + "-form.html", base + "/console/login"));
        run(get);
        Matcher token = LOGIN_TOKEN.matcher(Files.readString(dir.resolve(name + "-form.html")));
        assertThat(token.find()).as("the login page's token").isTrue();

        List<String> post = new ArrayList<>(tls);
        post.addAll(List.of(
                "-H",
                "Origin: " + base,
                "--data-urlencode",
                "loginToken=" + token.group(1),
                "-o",
                name + "-answer.html",
                "-w",
                "%{http_code}",
                base + "/console/login/certificate"));
        String status = run(post).trim();
        return new SignIn(status, Files.readString(dir.resolve(name + "-answer.html")), sessionCookie(jar));
    }

    /** GETs {@code path} with the session cookie; returns the status and the page, separated by a newline. */
    String get(String path, String session) {
        String page = path.replaceAll("[^a-z]", "-") + ".html";
        String status = run(List.of(
                        "curl",
                        "-sS",
                        "--cacert",
                        trust.toString(),
                        "-H",
                        "Cookie: " + SESSION_COOKIE + "=" + session,
                        "-o",
                        page,
                        "-w",
                        "%{http_code}",
                        base + path))
                .trim();
        try {
            return status + "\n" + Files.readString(dir.resolve(page));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The session cookie curl kept (its jar marks HttpOnly cookies with a prefix), or null. */
    private static String sessionCookie(Path jar) throws Exception {
        for (String line : Files.readAllLines(jar)) {
            String[] fields = line.split("\t");
            if (fields.length == 7 && fields[5].equals(SESSION_COOKIE) && !fields[6].isEmpty()) {
                return fields[6];
            }
        }
        return null;
    }

    String run(List<String> command) {
        Processes.Result result = Processes.run(dir, command, 30);
        assertThat(result.exitCode())
                .as(String.join(" ", command) + ": " + result.output())
                .isZero();
        return result.output();
    }
}
