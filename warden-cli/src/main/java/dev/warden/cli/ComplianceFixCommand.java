package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.compliance.ComplianceReason;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden compliance fix FINDING [--dry-run]}: a finding's one-command fix, run by this CLI with the caller's own
 * credential, so the node authorizes and audits it as that person's call to the fix's route (the same IAM action the
 * command a person would type makes). The node has no route that runs fixes with rights of its own. After the fix
 * the finding's check runs again, and the finding's state is printed.
 *
 * <p>The fix comes from the node's own findings table; before it is sent anywhere it must be a relative admin API
 * path with a mutating method, so that no stored value can point the caller's credential at another host.
 */
@Command(
        name = "fix",
        description =
                "Run a finding's fix as yourself (the same admin API call its command makes); --dry-run shows it.")
final class ComplianceFixCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("POST", "PUT", "DELETE");
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._~%/-]*");

    @ParentCommand
    ComplianceCommand compliance;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FINDING")
    String id;

    @Option(names = "--dry-run", description = "Print what would be done and change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AdminClient admin = compliance.admin();
        JsonNode finding = admin.get(ComplianceCommand.findingPath(id));
        out.printf(
                "Finding %s (%s, %s, %s): %s%n",
                id,
                finding.path("check").asText(),
                finding.path("severity").asText(),
                finding.path("status").asText(),
                finding.path("detail").asText());
        if ("resolved".equals(finding.path("status").asText())) {
            out.println("It is resolved already: nothing to fix.");
            return 0;
        }
        JsonNode fix = finding.path("fix");
        if (fix.isMissingNode() || fix.isNull()) {
            throw new CliException(ComplianceReason.NO_FIX.name() + ": finding " + id + " has no one-command fix; "
                    + finding.path("remediation").asText());
        }
        String method = fix.path("method").asText();
        String path = fix.path("path").asText();
        requireSafe(method, path);
        String body = fix.path("body").isNull() ? null : fix.path("body").asText(null);
        out.printf(
                "%s:  %s%n",
                dryRun ? "Would run" : "Running", fix.path("command").asText());
        out.printf(
                "API call:   %s %s%s  (%s, with your credential)%n",
                method,
                path,
                body == null ? "" : " " + body,
                fix.path("iamAction").asText());
        if (dryRun) {
            out.printf(
                    "Then:       re-run %s and show the finding.%n",
                    finding.path("check").asText());
            return 0;
        }
        send(admin, method, path, body, fix.path("iamAction").asText());
        recheck(admin, out, finding.path("check").asText());
        return 0;
    }

    /** Only a relative admin API path with a mutating method: never another host, never a read of something else. */
    static void requireSafe(String method, String path) {
        if (!METHODS.contains(method)
                || !SAFE_PATH.matcher(path).matches()
                || path.startsWith("//")
                || path.contains("/../")
                || path.endsWith("/..")) {
            throw new CliException(ComplianceReason.FIX_FAILED.name() + ": the stored fix (" + method + " " + path
                    + ") is not a call this CLI makes; fix it by hand");
        }
    }

    private static void send(AdminClient admin, String method, String path, String body, String action) {
        try {
            JsonNode json = body == null ? null : JSON.readTree(body);
            switch (method) {
                case "POST" -> admin.post(path, json == null ? Map.of() : json);
                case "PUT" -> admin.put(path, json == null ? Map.of() : json);
                default -> admin.delete(path);
            }
        } catch (CliException e) {
            String code =
                    e.getMessage().startsWith("ACCESS_DENIED") || e.getMessage().startsWith("UNAUTHENTICATED")
                            ? ComplianceReason.FIX_DENIED.name()
                            : ComplianceReason.FIX_FAILED.name();
            throw new CliException(code + ": " + action + " was refused: " + e.getMessage());
        } catch (java.io.IOException e) {
            throw new CliException(ComplianceReason.FIX_FAILED.name() + ": the stored fix's body is not JSON");
        }
    }

    /** Runs the finding's check again; without compliance:StartRun the change re-runs it by itself within seconds. */
    private void recheck(AdminClient admin, PrintWriter out, String check) {
        try {
            JsonNode run = admin.post("/compliance/runs", Map.of("checks", List.of(check), "trigger", "fix"));
            ComplianceCommand.printRun(out, run);
            JsonNode after = admin.get(ComplianceCommand.findingPath(id));
            out.printf("Finding %s is now %s%n", id, after.path("status").asText());
        } catch (CliException e) {
            out.printf(
                    "Fixed; the re-check was not run (%s): the change re-runs %s within seconds.%n",
                    e.getMessage(), check);
        }
    }
}
