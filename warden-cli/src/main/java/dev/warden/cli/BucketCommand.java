package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden bucket ...}: buckets of device files, encrypted at rest under per-bucket keys, each with an optional
 * resource policy, through the admin API. Block Public Access is on unless turned off here.
 */
@Command(
        name = "bucket",
        description = "Buckets: create, list, delete; their policy (policy-put, policy-get,"
                + " policy-delete); objects (put, get, ls, rm); public-access-block; replication.",
        subcommands = {
            BucketCommand.Create.class,
            BucketCommand.ListBuckets.class,
            BucketCommand.Delete.class,
            BucketCommand.PolicyPut.class,
            BucketCommand.PolicyGet.class,
            BucketCommand.PolicyDelete.class,
            BucketCommand.Put.class,
            BucketCommand.Get.class,
            BucketCommand.Ls.class,
            BucketCommand.Rm.class,
            BucketCommand.PublicAccessBlock.class,
            BucketReplicationCommand.class
        })
final class BucketCommand {
    @ParentCommand
    WardenCommand parent;

    AdminClient admin() {
        return AdminClient.admin(parent.options);
    }

    static String path(String bucket) {
        return "/buckets/" + Paths.segment(bucket);
    }

    /** Object keys may hold '/', which stays a separator: the server's route takes the rest of the path as the key. */
    static String objectPath(String bucket, String key) {
        StringBuilder path = new StringBuilder(path(bucket)).append("/objects");
        for (String segment : key.split("/", -1)) {
            path.append('/').append(Paths.segment(segment));
        }
        return path.toString();
    }

    @Command(name = "create", description = "Create a bucket with its own data key.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        BucketCommand bucket;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(
                names = "--retention-days",
                paramLabel = "DAYS",
                description = "Delete objects this many days after they were stored.")
        Integer retentionDays;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            if (retentionDays != null) {
                body.put("retentionDays", retentionDays);
            }
            JsonNode created = bucket.admin().post("/buckets", body);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Created bucket %s (%s)%n",
                            name, created.path("arn").asText());
            return 0;
        }
    }

    @Command(name = "list", description = "List buckets.")
    static final class ListBuckets implements Callable<Integer> {
        @ParentCommand
        BucketCommand bucket;

        @Spec
        CommandSpec spec;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode list = bucket.admin().get("/buckets");
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    list,
                    "buckets",
                    "name",
                    "retentionDays",
                    "hasPolicy",
                    "createdAt");
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete an empty bucket and crypto-shred its data key.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        BucketCommand bucket;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            bucket.admin().delete(path(name));
            spec.commandLine().getOut().printf("Deleted bucket %s%n", name);
            return 0;
        }
    }

    @Command(
            name = "policy-put",
            description = "Set the bucket's resource policy (JSON with a Principal in every statement).")
    static final class PolicyPut implements Callable<Integer> {
        @ParentCommand
        BucketCommand bucket;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The policy document (JSON).")
        Path file;

        @Override
        public Integer call() {
            bucket.admin().put(path(name) + "/policy", Map.of("document", AdminClient.read(file)));
            spec.commandLine().getOut().printf("Stored the policy of bucket %s%n", name);
            return 0;
        }
    }

    @Command(name = "policy-get", description = "Print the bucket's resource policy.")
    static final class PolicyGet implements Callable<Integer> {
        @ParentCommand
        BucketCommand bucket;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            spec.commandLine()
                    .getOut()
                    .println(bucket.admin()
                            .get(path(name) + "/policy")
                            .path("document")
                            .asText());
            return 0;
        }
    }

    @Command(name = "policy-delete", description = "Remove the bucket's resource policy.")
    static final class PolicyDelete implements Callable<Integer> {
        @ParentCommand
        BucketCommand bucket;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            bucket.admin().delete(path(name) + "/policy");
            spec.commandLine().getOut().printf("Removed the policy of bucket %s%n", name);
            return 0;
        }
    }

    @Command(
            name = "put",
            description = "Store a file as an object (encrypted at rest), replacing any object under that key.")
    static final class Put implements Callable<Integer> {
        @ParentCommand
        BucketCommand bucket;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "BUCKET")
        String name;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Option(names = "--file", required = true, paramLabel = "FILE")
        Path file;

        @Option(names = "--content-type", paramLabel = "TYPE")
        String contentType;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new CliException("cannot read " + file);
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            if (contentType != null) {
                fields.put("contentType", contentType);
            }
            // Streamed from the file as base64: binary content is sent as is, and never held whole as text.
            JsonNode stored = bucket.admin().sendFile("PUT", objectPath(name, key), fields, "contentBase64", file);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Stored %s/%s (%d bytes)%n",
                            name, key, stored.path("size").asLong());
            return 0;
        }
    }

    @Command(
            name = "get",
            description = "Fetch an object into a file, or its raw bytes to standard output with --out -.")
    static final class Get implements Callable<Integer> {
        @ParentCommand
        BucketCommand bucket;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "BUCKET")
        String name;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "FILE",
                description = "Where to write the content; - for standard output.")
        String out;

        @Override
        public Integer call() throws IOException {
            if (out.equals("-")) {
                // The bytes as they are (a firmware image is not text), decoded from base64 as the answer streams in.
                try (OutputStream stdout = WardenCommand.binaryOut(spec)) {
                    bucket.admin().receiveFile("GET", objectPath(name, key), null, "contentBase64", stdout);
                }
                return 0;
            }
            long written = receiveInto(
                    Path.of(out),
                    sink -> bucket.admin().receiveFile("GET", objectPath(name, key), null, "contentBase64", sink));
            spec.commandLine().getOut().printf("Wrote %s/%s to %s (%d bytes)%n", name, key, out, written);
            return 0;
        }
    }

    /**
     * Streams into a temporary file next to {@code target}, moved over it once complete: a failed download leaves no
     * partial file and keeps any earlier one. Returns the number of bytes written.
     */
    static long receiveInto(Path target, java.util.function.Consumer<OutputStream> download) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".part");
        try {
            try (OutputStream file = new java.io.BufferedOutputStream(Files.newOutputStream(temp))) {
                download.accept(file);
            }
            long size = Files.size(temp);
            Files.move(temp, absolute, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return size;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Command(name = "ls", description = "List a bucket's objects (metadata only).")
    static final class Ls implements Callable<Integer> {
        @ParentCommand
        BucketCommand bucket;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "BUCKET")
        String name;

        @Option(names = "--prefix")
        String prefix;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode list = bucket.admin()
                    .get(path(name) + "/objects" + (prefix == null ? "" : "?prefix=" + Paths.segment(prefix)));
            Output.listing(
                    spec.commandLine().getOut(), json, list, "objects", "key", "size", "contentType", "createdAt");
            return 0;
        }
    }

    @Command(name = "rm", description = "Delete an object.")
    static final class Rm implements Callable<Integer> {
        @ParentCommand
        BucketCommand bucket;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "BUCKET")
        String name;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Override
        public Integer call() {
            bucket.admin().delete(objectPath(name, key));
            spec.commandLine().getOut().printf("Deleted %s/%s%n", name, key);
            return 0;
        }
    }

    @Command(
            name = "public-access-block",
            description = "Show, or turn on/off, the account's Block Public Access (on by default).")
    static final class PublicAccessBlock implements Callable<Integer> {
        @ParentCommand
        BucketCommand bucket;

        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true)
        Switch change;

        static final class Switch {
            @Option(names = "--on", required = true)
            boolean on;

            @Option(names = "--off", required = true)
            boolean off;
        }

        @Override
        public Integer call() {
            JsonNode state = change == null
                    ? bucket.admin().get("/public-access-block")
                    : bucket.admin().put("/public-access-block", Map.of("blockPublicPolicy", change.on));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Block Public Access: %s%n",
                            state.path("blockPublicPolicy").asBoolean() ? "on" : "off");
            return 0;
        }
    }
}
