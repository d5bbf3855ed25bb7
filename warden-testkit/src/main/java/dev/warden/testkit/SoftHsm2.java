package dev.warden.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A SoftHSM2 token for tests. The library reads {@code SOFTHSM2_CONF} from the process environment when it is first
 * loaded, so a module's surefire configuration sets it (to {@code target/softhsm2/softhsm2.conf}); this helper writes
 * that file and its token directory if needed (never deleting them: the library may already hold them open) and
 * initialises one token per JVM with a unique label (see {@link #jvmToken}). Fails the test, naming the Debian
 * package, when SoftHSM2 is not installed or configured: such tests carry {@code @Tag("softhsm")} instead, so a
 * developer can leave them out.
 */
public final class SoftHsm2 {
    public static final String MODULE = "/usr/lib/softhsm/libsofthsm2.so";
    private static final String UTIL = "/usr/bin/softhsm2-util";

    /** A token: its label and user PIN, and the {@code pkcs11:} URI that names it. */
    public record Token(String label, String pin) {
        public String uri() {
            return "pkcs11:token=" + label + ";module-path=" + MODULE + "?pin-value=" + pin;
        }
    }

    private SoftHsm2() {}

    /** A machine without SoftHSM2 fails the test (never skips it). */
    private static void require(boolean condition, String why) {
        if (!condition) {
            throw new IllegalStateException(why);
        }
    }

    /** Fails the test, naming the Debian package, unless SoftHSM2 is installed and SOFTHSM2_CONF is set. */
    public static void requireInstalled() {
        require(
                Files.isExecutable(Path.of(UTIL)) && Files.exists(Path.of(MODULE)),
                "softhsm2 is not installed (install the Debian package softhsm2)");
        require(System.getenv("SOFTHSM2_CONF") != null, "SOFTHSM2_CONF is not set (run through Maven surefire)");
    }

    private static Token jvmToken;

    /**
     * The token of this JVM, initialised on first use. SoftHSM2 lists the tokens that exist when a process first
     * loads it, so every test of one JVM shares this token (each with its own key aliases) instead of creating
     * tokens the library would not see.
     */
    public static synchronized Token jvmToken() {
        if (jvmToken == null) {
            jvmToken = freshToken("jvm-" + UUID.randomUUID().toString().substring(0, 8));
        }
        return jvmToken;
    }

    private static Token freshToken(String pin) {
        String env = System.getenv("SOFTHSM2_CONF");
        require(
                Files.isExecutable(Path.of(UTIL)) && Files.exists(Path.of(MODULE)),
                "softhsm2 is not installed (install the Debian package softhsm2)");
        require(env != null, "SOFTHSM2_CONF is not set (run through Maven surefire)");
        Path conf = Path.of(env);
        Path tokens = conf.getParent().resolve("tokens");
        String label = "t-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            Files.createDirectories(tokens);
            if (!Files.exists(conf)) {
                Files.writeString(
                        conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
            }
            ProcessBuilder builder = new ProcessBuilder(
                            UTIL, "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", "so-" + pin)
                    .redirectErrorStream(true);
            builder.environment().put("SOFTHSM2_CONF", conf.toString());
            Process init = builder.start();
            String output = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!init.waitFor(30, TimeUnit.SECONDS) || init.exitValue() != 0) {
                throw new IllegalStateException("softhsm2-util --init-token failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot set up SoftHSM2 under " + conf.getParent(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return new Token(label, pin);
    }
}
