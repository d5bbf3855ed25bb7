package dev.warden.cli;

import io.netty.util.ResourceLeakDetector;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
                FirewallCommand.class,
                GatewayCommand.class,
                CommandLine.HelpCommand.class})
public final class WardenCommand implements Runnable {
    @Mixin
    NodeOptions options;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
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
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    /** Runs the CLI with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new WardenCommand());
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
