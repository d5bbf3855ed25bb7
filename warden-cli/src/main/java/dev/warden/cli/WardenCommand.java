package dev.warden.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code warden}: the node and its admin tools in one command. */
@Command(name = "warden", mixinStandardHelpOptions = true, version = "Warden 0.1.0",
        description = "Warden: a security-first IoT cloud platform.")
public final class WardenCommand implements Runnable {
    /**
     * The subcommands, in the order of the usage help. They are registered with picocli only when named on the
     * command line (see {@link #commandLine}): picocli builds the model of every registered command, its options and
     * its subcommands by reflection, and instantiates them, which took over a second for all of them.
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
        SUBCOMMANDS.put("cds-training", CdsTrainingCommand.class);
    }

    @Mixin
    NodeOptions options;

    @Override
    public void run() {
        commandLine(List.of()).usage(System.out);
    }

    /**
     * The command line for these arguments: the root command with the subcommands named among them, or with all of
     * them when none is named (usage, an unknown command and its suggestions) or {@code help} is, with none for a
     * plain {@code --version}. A token that is
     * only an option's value (say {@code --node server}) merely registers one more subcommand than needed.
     */
    static CommandLine commandLine(List<String> args) {
        CommandLine cli = new CommandLine(new WardenCommand());
        boolean none = SUBCOMMANDS.keySet().stream().noneMatch(args::contains);
        boolean versionOnly = none && (args.contains("--version") || args.contains("-V"))
                && !args.contains("--help") && !args.contains("-h") && !args.contains("help");
        boolean all = !versionOnly && (args.contains("help") || none);
        SUBCOMMANDS.forEach((name, type) -> {
            if (all || (!versionOnly && args.contains(name))) {
                cli.addSubcommand(name, type);
            }
        });
        cli.addSubcommand("help", CommandLine.HelpCommand.class);
        return cli;
    }

    public static void main(String[] args) {
        quietNettyLeakDetection();
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
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

    /** Runs the CLI with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(List.of(args));
        cli.setOut(out);
        cli.setErr(err);
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
}
