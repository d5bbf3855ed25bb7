package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden bucket replication ...}: a bucket's cross-region replication rule. The node refuses a destination the
 * deployment's jurisdictions keep apart from this region (RESIDENCY_VIOLATION).
 */
@Command(
        name = "replication",
        description = "Cross-region replication of a bucket's new objects (put, get, delete).",
        subcommands = {
            BucketReplicationCommand.Put.class,
            BucketReplicationCommand.Get.class,
            BucketReplicationCommand.Delete.class
        })
final class BucketReplicationCommand {
    @ParentCommand
    BucketCommand bucket;

    static String path(String name) {
        return BucketCommand.path(name) + "/replication";
    }

    static void print(CommandSpec spec, JsonNode rule, boolean json) {
        if (json) {
            spec.commandLine().getOut().println(rule.toPrettyString());
            return;
        }
        String prefix = rule.path("prefix").asText("");
        spec.commandLine()
                .getOut()
                .printf(
                        "Bucket %s replicates %s to %s; %d pending%s%n",
                        rule.path("bucket").asText(),
                        prefix.isEmpty() ? "every new object" : "new objects under '" + prefix + "'",
                        rule.path("destination").asText(),
                        rule.path("pending").asInt(),
                        rule.hasNonNull("lastError")
                                ? " (last error " + rule.path("lastError").asText() + ")"
                                : "");
    }

    @Command(name = "put", description = "Replicate BUCKET's new objects to a region (warden:PutBucketReplication).")
    static final class Put implements Callable<Integer> {
        @ParentCommand
        BucketReplicationCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "BUCKET")
        String name;

        @Option(names = "--to", required = true, paramLabel = "REGION", description = "The destination region.")
        String to;

        @Option(names = "--prefix", paramLabel = "P", description = "Only keys that start with P.")
        String prefix;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("destination", to);
            if (prefix != null) {
                body.put("prefix", prefix);
            }
            print(spec, parent.bucket.admin().put(path(name), body), json);
            return 0;
        }
    }

    @Command(name = "get", description = "Show BUCKET's replication rule and backlog.")
    static final class Get implements Callable<Integer> {
        @ParentCommand
        BucketReplicationCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "BUCKET")
        String name;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            print(spec, parent.bucket.admin().get(path(name)), json);
            return 0;
        }
    }

    @Command(name = "delete", description = "Stop replicating BUCKET (what is queued is still sent).")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        BucketReplicationCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "BUCKET")
        String name;

        @Override
        public Integer call() {
            parent.bucket.admin().delete(path(name));
            spec.commandLine().getOut().printf("Bucket %s no longer replicates%n", name);
            return 0;
        }
    }
}
