package dev.warden.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code warden}: the node and its admin tools in one command. */
@Command(
        name = "warden",
        mixinStandardHelpOptions = true,
        version = "Warden 0.1.0",
        description = "Warden: a security-first IoT cloud platform.")
public final class WardenCommand implements Runnable {
    /**
     * The subcommands, in the order of the usage help. They are registered with picocli only when named on the
     * command line (see {@link #commandLine(WardenCommand, List)}): picocli builds the model of every registered
     * command, its options and its subcommands by reflection, and instantiates them, which took over a second for all.
     */
    private static final Map<String, Class<?>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("init", InitCommand.class);
        SUBCOMMANDS.put("server", ServerCommand.class);
        SUBCOMMANDS.put("ca", CaCommand.class);
        SUBCOMMANDS.put("device", DeviceCommand.class);
        SUBCOMMANDS.put("cert", CertCommand.class);
        SUBCOMMANDS.put("template", TemplateCommand.class);
        SUBCOMMANDS.put("claim", ClaimCommand.class);
        SUBCOMMANDS.put("manufacturer-ca", ManufacturerCaCommand.class);
        SUBCOMMANDS.put("policy", PolicyCommand.class);
        SUBCOMMANDS.put("audit", AuditCommand.class);
        SUBCOMMANDS.put("kms", KmsCommand.class);
        SUBCOMMANDS.put("secret", SecretCommand.class);
        SUBCOMMANDS.put("data", DataCommand.class);
        SUBCOMMANDS.put("thing", ThingCommand.class);
        SUBCOMMANDS.put("demo", DemoCommand.class);
        SUBCOMMANDS.put("whoami", WhoamiCommand.class);
        SUBCOMMANDS.put("user", UserCommand.class);
        SUBCOMMANDS.put("login", LoginCommand.class);
        SUBCOMMANDS.put("group", GroupCommand.class);
        SUBCOMMANDS.put("role", RoleCommand.class);
        SUBCOMMANDS.put("service-account", ServiceAccountCommand.class);
        SUBCOMMANDS.put("thing-group", ThingGroupCommand.class);
        SUBCOMMANDS.put("bucket", BucketCommand.class);
        SUBCOMMANDS.put("firmware", FirmwareCommand.class);
        SUBCOMMANDS.put("job", JobCommand.class);
        SUBCOMMANDS.put("e2e", E2eCommand.class);
        SUBCOMMANDS.put("firewall", FirewallCommand.class);
        SUBCOMMANDS.put("gateway", GatewayCommand.class);
        SUBCOMMANDS.put("monitor", MonitorCommand.class);
        SUBCOMMANDS.put("compliance", ComplianceCommand.class);
        SUBCOMMANDS.put("incident", IncidentCommand.class);
        SUBCOMMANDS.put("playbook", PlaybookCommand.class);
        SUBCOMMANDS.put("oncall", OncallCommand.class);
        SUBCOMMANDS.put("region", RegionCommand.class);
        SUBCOMMANDS.put("cluster", ClusterCommand.class);
        SUBCOMMANDS.put("report", ReportCommand.class);
        SUBCOMMANDS.put("completion", CompletionCommand.class);
        SUBCOMMANDS.put("cds-training", CdsTrainingCommand.class);
    }

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
        // A property rather than ResourceLeakDetector.setLevel: a CLI command that never touches Netty then loads
        // neither Netty nor the logging framework (Netty's logger initialises Logback).
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
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
        CommandLine cli = commandLine(root, List.of(args));
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
            if (e instanceof CliException
                    || e instanceof dev.warden.node.config.ConfigException
                    || e instanceof dev.warden.storage.StorageException
                    || e instanceof dev.warden.pki.PkiException
                    || e instanceof dev.warden.api.ApiException
                    || e instanceof dev.warden.kms.KmsException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** The whole command tree: {@code -h/--help} and {@code -V/--version} on every command and subcommand. */
    static CommandLine commandLine(WardenCommand root) {
        return commandLine(root, List.of("help"));
    }

    /**
     * The command tree for these arguments: the root with the subcommands named among them, or with all of them when
     * none is named (usage, an unknown command and its suggestions) or {@code help} is, with none for a plain
     * {@code --version}. A token that is only an option's value (say {@code --node server}) merely registers one more
     * subcommand than needed.
     */
    static CommandLine commandLine(WardenCommand root, List<String> args) {
        CommandLine cli = new CommandLine(root);
        boolean none = SUBCOMMANDS.keySet().stream().noneMatch(args::contains);
        boolean versionOnly = none
                && (args.contains("--version") || args.contains("-V"))
                && !args.contains("--help")
                && !args.contains("-h")
                && !args.contains("help");
        boolean all = !versionOnly && (args.contains("help") || args.contains("completion") || none);
        SUBCOMMANDS.forEach((name, type) -> {
            if (all || (!versionOnly && args.contains(name))) {
                cli.addSubcommand(name, type);
            }
        });
        cli.addSubcommand("help", HelpCommand.class);
        addHelpOptions(cli, cli.getCommandSpec().version());
        return cli;
    }

    private static void addHelpOptions(CommandLine command, String[] version) {
        CommandSpec spec = command.getCommandSpec();
        if (spec.findOption("--version") != null) {
            // A command whose --version is its own (a firmware release's) gets -h/--help only.
            if (spec.findOption("--help") == null) {
                spec.addOption(picocli.CommandLine.Model.OptionSpec.builder("-h", "--help")
                        .usageHelp(true)
                        .description("Show this help message and exit.")
                        .build());
            }
        } else if (!spec.mixinStandardHelpOptions()) {
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
     * a node keeps its log. Said through a property that {@link LogConfiguration} reads when Logback starts, so that
     * a command that logs nothing never starts it.
     */
    private static void quietLogsOfOfflineCommands(ParseResult parseResult) {
        if (System.getenv("WARDEN_LOG_LEVEL") != null || runsANode(parseResult)) {
            return;
        }
        System.setProperty(LogConfiguration.LEVEL_PROPERTY, "WARN");
        if (LogConfiguration.started()
                && LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext) {
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
