package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.storage.SecureFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden region trust-bundle [--out FILE]}: the deployment root, the one certificate that devices and operators
 * pin for every region of the deployment (each member presents its root cross-certified by it).
 */
@Command(
        name = "trust-bundle",
        description = "The deployment root (PEM): pin it once to verify every region's gateway and admin API and every"
                + " region's device certificates (region:GetTrustBundle).")
final class RegionTrustBundleCommand implements Callable<Integer> {
    @ParentCommand
    RegionCommand region;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the deployment root here (default: print it).")
    Path out;

    @Option(names = "--json", description = "Print the answer as JSON (with this region's cross certificate).")
    boolean json;

    @Override
    public Integer call() {
        JsonNode reply = region.admin().get("/regions/trust-bundle");
        if (json) {
            Output.json(spec.commandLine().getOut(), reply);
            return 0;
        }
        String root = reply.path("deploymentRoot").asText();
        if (out == null) {
            spec.commandLine().getOut().print(root);
            return 0;
        }
        SecureFiles.writePublic(out, root);
        spec.commandLine()
                .getOut()
                .printf(
                        "Wrote the deployment root of control region %s to %s (SHA-256 %s)%n",
                        reply.path("controlRegion").asText(),
                        out,
                        reply.path("fingerprint").asText());
        return 0;
    }
}
