package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code warden device ...}: admin operations on things, and the device side of provisioning and rotation. */
@Command(
        name = "device",
        description = "Devices (things) and their identities.",
        subcommands = {
            DeviceCommand.Enroll.class,
            DeviceCommand.ListThings.class,
            DeviceCommand.Show.class,
            DeviceCommand.Revoke.class,
            DeviceCommand.Delete.class,
            DeviceCommand.Provision.class,
            DeviceCommand.Rotate.class,
            DeviceAttestationCommand.class,
            SimulateCommand.class
        })
final class DeviceCommand {
    @ParentCommand
    WardenCommand parent;

    NodeOptions options() {
        return parent.options;
    }

    @Command(
            name = "enroll",
            description = "Create a thing and its certificate: the key is generated here, only the CSR is sent.")
    static final class Enroll implements Callable<Integer> {
        @ParentCommand
        DeviceCommand device;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "DIR",
                description = "Where to write NAME.key, NAME.crt, ca-chain.pem.")
        Path out;

        @Option(names = "--type", description = "Thing type.")
        String type;

        @Option(names = "--attr", paramLabel = "KEY=VALUE", description = "Thing attribute (repeatable).")
        Map<String, String> attributes = new LinkedHashMap<>();

        @Option(names = "--policy", description = "Policy to attach (default warden-device-default).")
        String policy;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            KeyPair key = DeviceFiles.newKey();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("csr", DeviceFiles.csrPem(key, name));
            body.put("thingType", type);
            body.put("attributes", attributes);
            body.put("policy", policy);
            JsonNode issued = AdminClient.admin(device.options()).post("/things", body);
            Path cert = DeviceFiles.write(out, name, key, issued);
            var o = spec.commandLine().getOut();
            if (json) {
                Output.json(o, issued);
            } else {
                o.printf(
                        "Enrolled %s: certificate %s (valid until %s)%n  %s%n  %s (mode 0600)%n  %s%n",
                        name,
                        issued.path("serial").asText(),
                        issued.path("notAfter").asText(),
                        cert,
                        out.resolve(name + ".key"),
                        out.resolve("ca-chain.pem"));
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List things.")
    static final class ListThings implements Callable<Integer> {
        @ParentCommand
        DeviceCommand device;

        @Spec
        CommandSpec spec;

        @Option(names = "--limit", defaultValue = "100")
        int limit;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode things = AdminClient.admin(device.options()).get("/things?limit=" + limit);
            Output.listing(
                    spec.commandLine().getOut(), json, things, "things", "name", "thingType", "region", "createdAt");
            return 0;
        }
    }

    @Command(name = "show", description = "Show a thing, its policies and certificates.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        DeviceCommand device;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode thing = AdminClient.admin(device.options()).get("/things/" + Paths.segment(name));
            var out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, thing);
                return 0;
            }
            out.printf(
                    "%s  type=%s  region=%s  attributes=%s%n  policies: %s%n",
                    thing.path("name").asText(),
                    thing.path("thingType").asText("-"),
                    thing.path("region").asText(),
                    thing.path("attributes"),
                    thing.path("policies"));
            Output.table(out, thing.path("certificates"), "serial", "status", "notAfter", "revocationReason");
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke every certificate of a thing.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        DeviceCommand device;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(
                names = "--reason",
                defaultValue = "unspecified",
                description = "keyCompromise, superseded, cessationOfOperation, ...")
        String reason;

        @Override
        public Integer call() {
            JsonNode revoked = AdminClient.admin(device.options())
                    .post("/things/" + Paths.segment(name) + "/revoke", Map.of("reason", reason));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Revoked %d certificate(s) of %s%n",
                            revoked.path("revoked").size(), name);
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a thing (its certificates are revoked first).")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        DeviceCommand device;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            AdminClient.admin(device.options()).delete("/things/" + Paths.segment(name));
            spec.commandLine().getOut().printf("Deleted %s%n", name);
            return 0;
        }
    }

    @Command(
            name = "provision",
            description = "Device side: provision by claim (claim certificate or enrollment token).")
    static final class Provision implements Callable<Integer> {
        @ParentCommand
        DeviceCommand device;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--template", required = true)
        String template;

        @Option(
                names = "--claim-dir",
                paramLabel = "DIR",
                description = "Directory holding the claim's CLAIM.key, CLAIM.crt and ca-chain.pem.")
        Path claimDir;

        @Option(names = "--claim", description = "Claim name (files CLAIM.key / CLAIM.crt in --claim-dir).")
        String claim;

        @Option(names = "--token", description = "Enrollment token (else WARDEN_ENROLLMENT_TOKEN).")
        String token;

        @Option(
                names = "--ca-file",
                paramLabel = "FILE",
                description =
                        "Warden CA chain to trust (default: ca-chain.pem of --claim-dir, or the data directory's root).")
        Path caFile;

        @Option(names = "--serial-number", description = "Device serial number passed to the pre-provisioning hook.")
        String serialNumber;

        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path out;

        @Override
        public Integer call() {
            String enrollment = token != null ? token : System.getenv("WARDEN_ENROLLMENT_TOKEN");
            if ((claimDir == null || claim == null) && enrollment == null) {
                throw new CliException("give --claim-dir and --claim, or --token");
            }
            Path trust = caFile != null ? caFile : claimDir != null ? claimDir.resolve("ca-chain.pem") : null;
            AdminClient client = claimDir != null && claim != null
                    ? AdminClient.device(
                            device.options(),
                            trust,
                            DeviceFiles.key(claimDir, claim),
                            DeviceFiles.chain(claimDir, claim))
                    : AdminClient.device(device.options(), trust, null, null);
            KeyPair key = DeviceFiles.newKey();
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("ThingName", name);
            if (serialNumber != null) {
                parameters.put("SerialNumber", serialNumber);
            }
            Map<String, Object> body = Map.of("csr", DeviceFiles.csrPem(key, name), "parameters", parameters);
            Map<String, String> headers =
                    enrollment != null && claimDir == null ? Map.of("X-Warden-Enrollment-Token", enrollment) : Map.of();
            JsonNode issued =
                    client.post("/provisioning/templates/" + Paths.segment(template) + "/provision", body, headers);
            Path cert = DeviceFiles.write(out, name, key, issued);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Provisioned %s: certificate %s, status %s%n  %s%n",
                            name,
                            issued.path("serial").asText(),
                            issued.path("status").asText(),
                            cert);
            return 0;
        }
    }

    @Command(
            name = "rotate",
            description = "Device side: replace the certificate with one for a new key (mTLS with the current one).")
    static final class Rotate implements Callable<Integer> {
        @ParentCommand
        DeviceCommand device;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(
                names = "--dir",
                required = true,
                paramLabel = "DIR",
                description = "Directory with NAME.key, NAME.crt, ca-chain.pem; rewritten in place.")
        Path dir;

        @Override
        public Integer call() {
            AdminClient client = AdminClient.device(
                    device.options(),
                    dir.resolve("ca-chain.pem"),
                    DeviceFiles.key(dir, name),
                    DeviceFiles.chain(dir, name));
            KeyPair key = DeviceFiles.newKey();
            JsonNode issued = client.post("/provisioning/rotate", Map.of("csr", DeviceFiles.csrPem(key, name)));
            DeviceFiles.write(dir, name, key, issued);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Rotated %s: new certificate %s%n",
                            name, issued.path("serial").asText());
            return 0;
        }
    }
}
