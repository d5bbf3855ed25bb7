package dev.warden.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;

/**
 * The log setup of the {@code warden} process, made in code instead of a {@code logback.xml}: logback's XML
 * configuration loads an XML parser and some 400 classes at every start, about a tenth of a short CLI command's time,
 * and the walkthrough and the scripts users write run hundreds of them. Logs go to stderr, so that a command's output
 * on stdout stays clean for scripts; the root level is {@code WARDEN_LOG_LEVEL} (default INFO, or WARN when the CLI
 * set {@link #LEVEL_PROPERTY} for a command that runs no node); chatty libraries log warnings only. A {@code -Dlogback.configurationFile=...} given by an operator still wins: this configurator then
 * steps aside. Found by logback through {@code META-INF/services}.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {
    private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";
    private static final List<String> WARNINGS_ONLY =
            List.of("org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari", "org.flywaydb");

    /** The root level a command asked for before Logback started (see {@code WardenCommand}). */
    static final String LEVEL_PROPERTY = "warden.log.level";

    private static volatile boolean started;

    /** Whether Logback has started in this process (and so read the level already). */
    static boolean started() {
        return started;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        started = true;
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level());
        root.addAppender(stderr);
        WARNINGS_ONLY.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static Level level() {
        String asked = System.getenv("WARDEN_LOG_LEVEL");
        return Level.toLevel(asked != null ? asked : System.getProperty(LEVEL_PROPERTY), Level.INFO);
    }
}
