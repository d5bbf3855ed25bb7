package dev.warden.compliance.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.compliance.ComplianceException;
import dev.warden.compliance.ComplianceReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The frameworks Warden maps its checks to, read from the reviewed data files shipped with it
 * ({@code dev/warden/compliance/frameworks/<id>.json}: {@code {id, title, version, url, controls: [{id, title,
 * checks: [CHECK_ID, ...], owner}]}}, where {@code owner} names who answers for a control no check covers). An
 * unknown check name in a file is a build error (the test reads every file), not a silently empty control.
 */
public final class Frameworks {
    public static final List<String> IDS = List.of("etsi-en-303-645", "nist-800-53", "cis-v8", "iec-62443-4-2");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Frameworks() {}

    public static Framework load(String id) {
        if (!IDS.contains(id)) {
            throw new ComplianceException(
                    ComplianceReason.NO_SUCH_FRAMEWORK, "no framework " + id + "; one of " + String.join(", ", IDS));
        }
        try (InputStream in =
                Frameworks.class.getResourceAsStream("/dev/warden/compliance/frameworks/" + id + ".json")) {
            if (in == null) {
                throw new IllegalStateException("framework " + id + " is missing from the build");
            }
            return parse(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Framework> all() {
        return IDS.stream().map(Frameworks::load).toList();
    }

    static Framework parse(JsonNode root) {
        List<Control> controls = new ArrayList<>();
        for (JsonNode c : root.path("controls")) {
            List<CheckId> checks = new ArrayList<>();
            for (JsonNode name : c.path("checks")) {
                checks.add(CheckId.byName(name.asText())
                        .orElseThrow(() -> new IllegalStateException("unknown check " + name.asText() + " in control "
                                + c.path("id").asText())));
            }
            controls.add(new Control(c.path("id").asText(), c.path("title").asText(), checks, owner(c, checks)));
        }
        return new Framework(
                root.path("id").asText(),
                root.path("title").asText(),
                root.path("version").asText(),
                root.path("url").asText(),
                controls);
    }

    /**
     * Who answers for a control: Warden when checks cover it; otherwise the file must say ({@code "owner": "operator"}
     * or {@code "device-maker"}), so that no uncovered control is silently assigned.
     */
    private static Responsibility owner(JsonNode control, List<CheckId> checks) {
        String id = control.path("id").asText();
        if (!checks.isEmpty()) {
            if (control.has("owner")) {
                throw new IllegalStateException("control " + id + " has checks, so Warden checks it; drop its owner");
            }
            return Responsibility.WARDEN;
        }
        String owner = control.path("owner").asText();
        return Responsibility.byId(owner)
                .filter(r -> r != Responsibility.WARDEN)
                .orElseThrow(() -> new IllegalStateException(
                        "control " + id + " has no check: give its owner, operator or device-maker"));
    }
}
