package dev.warden.policy;

import static dev.warden.policy.ParseSupport.abbreviate;
import static dev.warden.policy.ParseSupport.err;

import dev.warden.policy.JsonTree.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks of {@link PolicyParser#parseStrict} on top of the grammar: actions must be in the
 * {@link ActionCatalogue} (a wildcard that matches none is a warning) and resources must be in the {@code warden}
 * partition. Collects the warnings of one document.
 */
final class StrictChecks {
    private final ActionCatalogue catalogue;
    private final List<PolicyWarning> warnings = new ArrayList<>();

    StrictChecks(ActionCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    List<PolicyWarning> warnings() {
        return List.copyOf(warnings);
    }

    /** A service prefix that passed the grammar: a hint appended to the "unknown service" error, or "". */
    String serviceHint(String service) {
        String near = ActionCatalogue.nearest(service.toLowerCase(Locale.ROOT), catalogue.services(), 2);
        return near == null ? "" : "; did you mean '" + near + "'?";
    }

    /** An Action / NotAction entry that passed the grammar ({@code pattern} is its compiled form). */
    void action(Node a, String text, Pattern pattern, boolean notAction) {
        if (text.equals("*")) {
            return;
        }
        if (!catalogue.hasService(text.substring(0, text.indexOf(':')))) {
            String service = text.substring(0, text.indexOf(':'));
            throw err(
                    PolicyValidationReason.UNKNOWN_SERVICE,
                    a,
                    "unknown service '" + service + "' in action '" + abbreviate(text) + "' (known: "
                            + String.join(", ", catalogue.services()) + ")" + serviceHint(service));
        }
        if (text.indexOf('*') >= 0 || text.indexOf('?') >= 0) {
            if (!catalogue.anyMatch(pattern)) {
                warnings.add(new PolicyWarning(
                        PolicyWarning.Code.ACTION_PATTERN_MATCHES_NOTHING,
                        a.line,
                        a.column,
                        a.pointer,
                        "'" + abbreviate(text) + "' matches no action Warden knows, so it "
                                + (notAction ? "excludes" : "grants") + " nothing"));
            }
            return;
        }
        if (!catalogue.contains(text)) {
            String suggestion = catalogue.suggest(text);
            String service = text.substring(0, text.indexOf(':'));
            throw err(
                    PolicyValidationReason.INVALID_ACTION,
                    a,
                    "unknown action '" + abbreviate(text) + "'"
                            + (suggestion != null
                                    ? "; did you mean '" + suggestion + "'?"
                                    : " (" + service + " actions: " + String.join(", ", catalogue.actions(service))
                                            + ")"));
        }
    }

    /** A Resource / NotResource entry, before its grammar check: ARNs must be in the {@code warden} partition. */
    void resource(Node r, String text) {
        if (!text.startsWith("arn:") || text.startsWith("arn:warden:")) {
            return;
        }
        int end = text.indexOf(':', 4);
        String partition = end < 0 ? text.substring(4) : text.substring(4, end);
        String what = partition.equals("aws") || partition.startsWith("aws-")
                ? "an AWS ARN"
                : "in partition '" + abbreviate(partition) + "'";
        String fix = end < 0 ? "" : "; did you mean 'arn:warden:" + abbreviate(text.substring(end + 1)) + "'?";
        throw err(
                PolicyValidationReason.INVALID_RESOURCE,
                r,
                "resources are arn:warden:<service>:<region>:<account>:" + "<resource>; '" + abbreviate(text) + "' is "
                        + what + fix);
    }
}
