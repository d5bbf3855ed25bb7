package dev.warden.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code warden}: the node and its admin tools in one command. */
@Command(name = "warden", mixinStandardHelpOptions = true, version = "Warden 0.1.0",
        description = "Warden: a security-first IoT cloud platform.",
        subcommands = {
                InitCommand.class,
                ServerCommand.class,
                CaCommand.class,
                DeviceCommand.class,
                CertCommand.class,
                TemplateCommand.class,
                ClaimCommand.class,
                ManufacturerCaCommand.class,
                PolicyCommand.class,
                AuditCommand.class,
                KmsCommand.class,
                SecretCommand.class,
                DataCommand.class,
                ThingCommand.class,
                DemoCommand.class,
                WhoamiCommand.class,
                UserCommand.class,
                LoginCommand.class,
                GroupCommand.class,
                RoleCommand.class,
                ServiceAccountCommand.class,
                ThingGroupCommand.class,
                BucketCommand.class,
                CompletionCommand.class,
                HelpCommand.class})
public final class WardenCommand implements Runnable {
    /** Commands that run a node in this process: they keep its INFO log (the others log WARN and above). */
    private static final List<Class<?>> NODE_COMMANDS = List.of(ServerCommand.class, DemoCommand.class);

    @Mixin
    NodeOptions options;

    @picocli.CommandLine.Spec
    CommandSpec spec;

    /** Standard output as bytes, for commands that print binary content; null when only a writer was given. */
    private OutputStream stdout;
    private PrintWriter out;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        quietNettyLeakDetection();
        System.exit(execute(args, System.out, new PrintWriter(System.err, true), true));
    }

    /**
     * Netty's default leak detection tracks one buffer in 128 and records a stack trace for each (about 35,000 in a
     * two-minute load run of the gateway, all on its I/O threads), a cost production brokers do not pay. Tests keep
     * it; so does a node started with {@code -Dio.netty.leakDetection.level=...}.
     */
    private static void quietNettyLeakDetection() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    /**
     * Runs the CLI with the given streams; returns the exit code. Binary content printed to standard output (e.g.
     * {@code bucket get --out -}) reaches {@code out} decoded as UTF-8: use {@link #execute(String[], OutputStream,
     * PrintWriter)} for the bytes.
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        WardenCommand root = new WardenCommand();
        root.out = out;
        return run(root, args, out, err, false);
    }

    /** Runs the CLI with standard output as bytes (text in the platform's charset, binary content as is). */
    public static int execute(String[] args, OutputStream stdout, PrintWriter err) {
        return execute(args, stdout, err, false);
    }

    private static int execute(String[] args, OutputStream stdout, PrintWriter err, boolean ownProcess) {
        WardenCommand root = new WardenCommand();
        root.stdout = stdout;
        root.out = new PrintWriter(new OutputStreamWriter(stdout, Charset.defaultCharset()), true);
        try {
            return run(root, args, root.out, err, ownProcess);
        } finally {
            root.out.flush();
        }
    }

    private static int run(WardenCommand root, String[] args, PrintWriter out, PrintWriter err, boolean ownProcess) {
        CommandLine cli = commandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(WardenCommand::usageError);
        cli.setExecutionStrategy(parseResult -> {
            if (ownProcess) {
                quietLogsOfOfflineCommands(parseResult);
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliException || e instanceof dev.warden.node.config.ConfigException
                    || e instanceof dev.warden.storage.StorageException || e instanceof dev.warden.pki.PkiException
                    || e instanceof dev.warden.api.ApiException || e instanceof dev.warden.kms.KmsException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** The command tree: {@code -h/--help} and {@code -V/--version} on every command and subcommand. */
    static CommandLine commandLine(WardenCommand root) {
        CommandLine cli = new CommandLine(root);
        addHelpOptions(cli, cli.getCommandSpec().version());
        return cli;
    }

    private static void addHelpOptions(CommandLine command, String[] version) {
        CommandSpec spec = command.getCommandSpec();
        if (!spec.mixinStandardHelpOptions()) {
            spec.mixinStandardHelpOptions(true);
            spec.version(version);
        }
        command.getSubcommands().values().forEach(sub -> addHelpOptions(sub, version));
    }

    /**
     * A usage error: the problem, did-you-mean suggestions, and where to read the usage (not the whole usage, which
     * for most commands is mostly options).
     */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + e.getMessage());
        if (e instanceof UnmatchedArgumentException unmatched) {
            UnmatchedArgumentException.printSuggestions(unmatched, err);
        }
        err.println("See '" + command.getCommandSpec().qualifiedName() + " --help' for its usage.");
        err.flush();
        CommandSpec spec = command.getCommandSpec();
        return spec.exitCodeOnInvalidInput();
    }

    /**
     * An offline command's output is its answer: the node's INFO lines (storage opened, keys loaded) would mix into
     * it, so only warnings and errors are logged, unless {@code WARDEN_LOG_LEVEL} says otherwise. A command that runs
     * a node keeps its log.
     */
    private static void quietLogsOfOfflineCommands(ParseResult parseResult) {
        if (System.getenv("WARDEN_LOG_LEVEL") != null || runsANode(parseResult)) {
            return;
        }
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext) {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        }
    }

    /** True when the command that runs is one that starts a node in this process ({@code server}, {@code demo}). */
    static boolean runsANode(ParseResult parseResult) {
        ParseResult last = parseResult;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        Object command = last.commandSpec().userObject();
        return command != null && NODE_COMMANDS.contains(command.getClass());
    }

    /**
     * Where a command writes binary content meant for standard output: the process's standard output as bytes. When
     * the CLI was given only a writer, the bytes are decoded as UTF-8 into it when the stream is closed.
     */
    static OutputStream binaryOut(CommandSpec spec) {
        WardenCommand root = (WardenCommand) spec.root().userObject();
        root.out.flush();
        if (root.stdout != null) {
            return new java.io.FilterOutputStream(root.stdout) {
                @Override
                public void write(byte[] b, int off, int len) throws java.io.IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws java.io.IOException {
                    out.flush(); // never closes the process's standard output
                }
            };
        }
        PrintWriter writer = root.out;
        return new ByteArrayOutputStream() {
            @Override
            public void close() {
                writer.print(toString(StandardCharsets.UTF_8));
                writer.flush();
                reset();
            }
        };
    }
}
