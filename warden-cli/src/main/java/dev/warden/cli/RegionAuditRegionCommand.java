package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden region audit-region REGION}: names the region that receives and verifies every other region's audit
 * chain (central audit). Set in the control region; every member receives it with the membership.
 */
@Command(
        name = "audit-region",
        description = "Name REGION the deployment's audit region (region:SetAuditRegion, control region only): every"
                + " other region ships its audit chain there, verified on arrival; by default the control region.")
final class RegionAuditRegionCommand implements Callable<Integer> {
    @ParentCommand
    RegionCommand region;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REGION")
    String name;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
        JsonNode reply = region.admin().put("/regions/audit-region", Map.of("region", name));
        if (json) {
            Output.json(spec.commandLine().getOut(), reply);
            return 0;
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "Audit region of deployment %s: %s%n",
                        reply.path("deployment").asText(),
                        reply.path("auditRegion").asText());
        return 0;
    }
}
