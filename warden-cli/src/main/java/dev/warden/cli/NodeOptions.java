package dev.warden.cli;

import dev.warden.node.config.ConfigKey;
import dev.warden.node.config.ConfigLoader;
import dev.warden.node.config.WardenConfig;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every subcommand accepts, anywhere on the line: where the node's data and database are, and how to reach
 * and authenticate to its admin API. The node's own settings are in {@link ServerOptions} and {@link KeyOptions},
 * on the commands that use them. A flag overrides {@code WARDEN_*}, which overrides warden.yaml, which overrides
 * the documented default.
 */
public final class NodeOptions {
    @Option(
            names = "--data",
            scope = ScopeType.INHERIT,
            paramLabel = "DIR",
            description = "Data directory (default ./warden-data).")
    String data;

    @Option(
            names = "--server",
            scope = ScopeType.INHERIT,
            paramLabel = "URL",
            description = "Admin API URL of the node (default: from the data directory).")
    String server;

    @Option(
            names = "--config",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description = "warden.yaml to read (default ./warden.yaml when present).")
    Path configFile;

    @Option(
            names = "--db",
            scope = ScopeType.INHERIT,
            paramLabel = "URL",
            description = "postgresql://user:password@host:port/db (default: SQLite in the data directory).")
    String db;

    @Option(
            names = "--token-file",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description = "Bearer token to call the admin API with (else WARDEN_TOKEN, else DATA/admin-credential).")
    Path tokenFile;

    @Option(
            names = "--cert",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description =
                    "Client certificate (PEM) of a service account to call the admin API with, instead of a token (else WARDEN_CLIENT_CERT).")
    Path clientCert;

    @Option(
            names = "--key",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description = "Private key (PEM) of --cert (else WARDEN_CLIENT_KEY).")
    Path clientKey;

    @Option(
            names = "--in-region",
            scope = ScopeType.INHERIT,
            paramLabel = "REGION",
            description = "Act on another region's data: the node forwards the request over its region link to REGION,"
                    + " which decides it with its own IAM (needs a token of the control region's, e.g. warden login).")
    String inRegion;

    /** The region whose data the admin calls are for; null for the node's own. */
    String inRegion() {
        return inRegion;
    }

    /** Appends this invocation's node options, so that a command run from another reaches the same node as it. */
    void appendTo(java.util.List<String> args) {
        String[][] pairs = {
            {"--data", data},
            {"--server", server},
            {"--config", configFile == null ? null : configFile.toString()},
            {"--db", db},
            {"--in-region", inRegion},
            {"--token-file", tokenFile == null ? null : tokenFile.toString()},
            {"--cert", clientCert == null ? null : clientCert.toString()},
            {"--key", clientKey == null ? null : clientKey.toString()}
        };
        for (String[] p : pairs) {
            if (p[1] != null) {
                args.add(p[0]);
                args.add(p[1]);
            }
        }
    }

    /** Options a command mixes in (server settings, key locations) that take part in the configuration. */
    interface Settings {
        void addTo(Map<ConfigKey, String> flags);
    }

    /** The resolved configuration. */
    public WardenConfig config() {
        return config(new Settings[0]);
    }

    /** The resolved configuration, with the flags of the command's own settings. */
    public WardenConfig config(Settings... settings) {
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        put(flags, ConfigKey.DATA, data);
        put(flags, ConfigKey.DB, db);
        for (Settings s : settings) {
            if (s != null) {
                s.addTo(flags);
            }
        }
        return ConfigLoader.load(flags, System.getenv(), configFile);
    }

    static void put(Map<ConfigKey, String> flags, ConfigKey key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }

    /** The token file given with --token-file, if any. */
    public Path tokenFile() {
        return tokenFile;
    }

    /** The service-account certificate to authenticate with: --cert, else WARDEN_CLIENT_CERT; null for none. */
    public Path clientCertificate() {
        return clientCert != null ? clientCert : pathFromEnv("WARDEN_CLIENT_CERT");
    }

    /** The key of {@link #clientCertificate()}: --key, else WARDEN_CLIENT_KEY; null for none. */
    public Path clientKey() {
        return clientKey != null ? clientKey : pathFromEnv("WARDEN_CLIENT_KEY");
    }

    private static Path pathFromEnv(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    public String server() {
        return server != null ? server : System.getenv("WARDEN_SERVER");
    }
}
