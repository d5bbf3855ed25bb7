package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.Predicate;

/**
 * Findings as an operator sees them, through {@code warden compliance findings|show --json}, and the on-change
 * bound: a finding appears, or resolves, within 5 s of the change that causes it.
 */
final class ComplianceFindings {
    static final long BOUND_MS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ComplianceFindings() {}

    /** The first open finding of {@code check} that {@code which} accepts, waited for up to the bound from {@code since}. */
    static JsonNode appears(NodeHarness node, String check, Predicate<JsonNode> which, long since) throws Exception {
        while (true) {
            JsonNode list = JSON.readTree(ok(node.cli("compliance", "findings", "--check", check, "--json"))
                    .out());
            for (JsonNode f : list.path("findings")) {
                if (which.test(f)) {
                    return f;
                }
            }
            assertThat(System.currentTimeMillis() - since)
                    .as(check + " did not appear within " + BOUND_MS + " ms: " + list)
                    .isLessThan(BOUND_MS);
            Thread.sleep(100);
        }
    }

    /** {@code finding} as it is now, once {@code done} accepts it, waited for up to the bound from {@code since}. */
    static JsonNode await(NodeHarness node, JsonNode finding, Predicate<JsonNode> done, String what, long since)
            throws Exception {
        while (true) {
            JsonNode now = show(node, finding);
            if (done.test(now)) {
                return now;
            }
            assertThat(System.currentTimeMillis() - since)
                    .as(what + " not within " + BOUND_MS + " ms: " + now)
                    .isLessThan(BOUND_MS);
            Thread.sleep(100);
        }
    }

    /** Waits until {@code finding} is resolved, up to the bound from {@code since}. */
    static void resolves(NodeHarness node, JsonNode finding, long since) throws Exception {
        await(
                node,
                finding,
                f -> f.path("status").asText().equals("resolved"),
                finding.path("check").asText() + " resolved",
                since);
    }

    static JsonNode show(NodeHarness node, JsonNode finding) throws Exception {
        return JSON.readTree(
                ok(node.cli("compliance", "show", finding.path("id").asText(), "--json"))
                        .out());
    }
}
