package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code warden device attestation NAME}: the thing's last verified boot and its last attestation report. */
@Command(
        name = "attestation",
        description = "Show a thing's last verified boot (firmware version and image digest) and its last attestation"
                + " report.")
final class DeviceAttestationCommand implements Callable<Integer> {
    @ParentCommand
    DeviceCommand device;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        JsonNode answer = AdminClient.admin(device.options()).get("/firmware/attestations/" + Paths.segment(name));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, answer);
            return 0;
        }
        JsonNode verified = answer.path("lastVerified");
        if (verified.isObject()) {
            out.printf(
                    "%s  verified boot %s  type=%s  version=%s  sha256=%s  min-version=%s%n",
                    name,
                    verified.path("at").asText(),
                    verified.path("thingType").asText(),
                    verified.path("version").asText(),
                    verified.path("digest").asText(),
                    verified.path("minVersion").asText());
        } else {
            out.printf("%s  no verified boot%n", name);
        }
        JsonNode last = answer.path("lastReport");
        if (last.isObject() && !"VERIFIED".equals(last.path("verdict").asText())) {
            out.printf(
                    "  last report %s  FAILED %s: %s  version=%s  sha256=%s%n",
                    last.path("at").asText(),
                    last.path("reason").asText(),
                    last.path("message").asText(),
                    last.path("version").asText("-"),
                    last.path("digest").asText("-"));
        }
        return 0;
    }
}
