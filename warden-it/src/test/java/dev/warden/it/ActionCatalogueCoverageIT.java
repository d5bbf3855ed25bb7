package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.policy.ActionCatalogue;
import dev.warden.testkit.Processes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every IAM action a route of a real node performs is in the action catalogue that strict policy validation uses:
 * otherwise a policy granting a new route's action would be refused as a typo.
 */
@org.junit.jupiter.api.Tag("curl")
class ActionCatalogueCoverageIT {
    @TempDir
    Path dir;

    @Test
    void everyRouteActionIsInTheCatalogue() throws Exception {
        try (NodeHarness node = new NodeHarness(dir.resolve("data"), null)) {
            String body = Processes.run(
                            dir,
                            List.of(
                                    "curl",
                                    "-s",
                                    "--cacert",
                                    dir.resolve("data/pki/root.crt").toString(),
                                    node.adminUrl() + "/openapi.json"))
                    .output();
            List<String> actions = new ArrayList<>();
            new ObjectMapper()
                    .readTree(body)
                    .path("paths")
                    .forEach(path -> path.forEach(operation -> {
                        JsonNode action = operation.get("x-warden-action");
                        if (action != null) {
                            actions.add(action.asText());
                        }
                    }));
            assertThat(actions).hasSizeGreaterThan(50);
            ActionCatalogue catalogue = ActionCatalogue.builtIn();
            assertThat(actions)
                    .allSatisfy(action -> assertThat(catalogue.contains(action))
                            .as(action + " is performed by a route but missing from warden-actions.txt")
                            .isTrue());
        }
    }
}
