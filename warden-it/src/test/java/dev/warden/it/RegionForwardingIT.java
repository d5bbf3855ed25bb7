package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.registry.tls.TlsSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admin requests for another region's data, forwarded over the region link: a user logged in at the control region
 * lists us-east-1's things through eu-west-1's admin API; us-east-1 decides with its own IAM, with eu-west-1 as
 * {@code warden:RequestedRegion}, so a policy that allows reads only when asked from us-east-1 refuses the forwarded
 * request and allows the same one made there. A client that claims a request was forwarded is refused; both regions
 * audit their part.
 */
class RegionForwardingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void anAdminRequestForAnotherRegionsDataIsDecidedAndAuditedThere() throws Exception {
        try (NodeHarness eu = NodeHarness.region(dir, "eu-west-1");
                NodeHarness us = NodeHarness.region(dir, "us-east-1")) {
            // GIVEN us-east-1 joined eu-west-1's deployment and holds a thing of its own
            us.node
                    .regions()
                    .join(eu.node.regions().createJoinToken("us-east-1", Duration.ofMinutes(5)), Optional.empty());
            us.node
                    .certificates()
                    .enroll(
                            "pump-us",
                            CsrBuilder.buildCsrDer(CsrBuilder.generateDeviceKey(KeyType.EC_P256), "pump-us"),
                            null,
                            Map.of(),
                            null);
            // AND two users made in the control region: alice may read everywhere, bob only when asked in us-east-1
            Path pw = Files.writeString(dir.resolve("pw"), "correct horse battery staple 42");
            Path readers = policy("readers.json", "");
            Path usOnly = policy(
                    "us-only.json", ",\"Condition\":{\"StringEquals\":{\"warden:RequestedRegion\":\"us-east-1\"}}");
            long before = eu.node.regions().iamLastSeq().orElseThrow();
            ok(eu.cli("policy", "create", "readers", "--file", readers.toString()));
            ok(eu.cli("policy", "create", "us-only", "--file", usOnly.toString()));
            for (String user : List.of("alice", "bob")) {
                ok(eu.cli("user", "create", user, "--password-file", pw.toString()));
            }
            ok(eu.cli("policy", "attach", "readers", "--user", "alice"));
            ok(eu.cli("policy", "attach", "us-only", "--user", "bob"));
            await(
                    "the control region captured the changes",
                    () -> eu.node.regions().iamLastSeq().orElseThrow() > before);
            await(
                    "us-east-1 applied them",
                    () -> us.node.regions().replication().orElseThrow().appliedSeq()
                            >= eu.node.regions().iamLastSeq().orElseThrow());
            Path alice = login(eu, "alice", pw);
            Path bob = login(eu, "bob", pw);

            // WHEN alice lists things through eu-west-1, for us-east-1
            String forwarded = ok(eu.cli(
                            "device", "list", "--in-region", "us-east-1", "--token-file", alice.toString()))
                    .out();
            // THEN she sees us-east-1's thing, which eu-west-1 does not hold
            assertThat(forwarded).contains("pump-us");
            assertThat(ok(eu.cli("device", "list", "--token-file", alice.toString()))
                            .out())
                    .doesNotContain("pump-us");

            // AND us-east-1 decided it as asked from eu-west-1: bob's "us-east-1 only" policy refuses it...
            NodeHarness.CliResult refused =
                    eu.cli("device", "list", "--in-region", "us-east-1", "--token-file", bob.toString());
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.err() + refused.out()).contains("ACCESS_DENIED");
            // ...and allows the same request made in us-east-1, with the same token
            assertThat(ok(us.cli("device", "list", "--token-file", bob.toString()))
                            .out())
                    .contains("pump-us");

            // AND a region's own admin credential is never sent to another region
            NodeHarness.CliResult regional = eu.cli("device", "list", "--in-region", "us-east-1");
            assertThat(regional.exitCode()).isNotZero();
            assertThat(regional.err() + regional.out()).contains("CREDENTIAL_REGIONAL");

            // AND a client that claims its request was forwarded from another region is refused
            HttpResponse<String> spoofed = spoof(us, Files.readString(bob).strip());
            assertThat(spoofed.statusCode()).isEqualTo(401);

            // AND eu-west-1 audits the forwarding, us-east-1 the request itself, naming where it was made
            eu.node.audit().log().flushAndSign();
            us.node.audit().log().flushAndSign();
            assertThat(events(eu, "region:ForwardRequest"))
                    .extracting(e -> e.path("principal").path("id").asText() + " "
                            + e.path("details").path("status").asText())
                    .contains("alice 200", "bob 403");
            assertThat(events(eu, "region:ForwardRequest"))
                    .filteredOn(e -> e.path("result").asText().equals("DENY"))
                    .extracting(e -> e.path("details").path("reason").asText())
                    .contains("CREDENTIAL_REGIONAL");
            assertThat(events(us, "warden:ListThings"))
                    .filteredOn(e ->
                            e.path("details").path("forwardedFrom").asText().equals("eu-west-1"))
                    .extracting(e -> e.path("principal").path("id").asText() + " "
                            + e.path("result").asText())
                    .contains("alice ALLOW", "bob DENY");
        }
    }

    private Path policy(String file, String condition) throws Exception {
        return Files.writeString(
                dir.resolve(file),
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":[\"warden:List*\",\"warden:Describe*\"],\"Resource\":\"*\"" + condition + "}]}");
    }

    private static Path login(NodeHarness control, String user, Path pw) throws Exception {
        String token = ok(control.cli("login", user, "--password-file", pw.toString()))
                .out()
                .strip();
        return Files.writeString(control.dataDir.resolveSibling(user + ".token"), token);
    }

    /** GET /things at us-east-1 directly, claiming to be forwarded from eu-west-1 (without the node's key). */
    private static HttpResponse<String> spoof(NodeHarness region, String token) throws Exception {
        var root = Pem.parseCertificate(Files.readString(region.dataDir.resolve("pki/root.crt")));
        HttpClient http = HttpClient.newBuilder()
                .sslContext(TlsSettings.clientContext(List.of(root), null, null))
                .build();
        return http.send(
                HttpRequest.newBuilder(URI.create(region.adminUrl() + "/things"))
                        .header("Authorization", "Bearer " + token)
                        .header("X-Warden-Forwarded-From", "us-east-1")
                        .header("X-Warden-Forward-Key", "guessed")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> events(NodeHarness node, String action) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(ok(node.cli("audit", "query", "--json", "--limit", "1000", "--action", action))
                        .out())
                .path("events")
                .forEach(events::add);
        return events;
    }

    private static void await(String what, BooleanSupplier condition) throws Exception {
        Waits.until(what, WITHIN, condition);
    }
}
