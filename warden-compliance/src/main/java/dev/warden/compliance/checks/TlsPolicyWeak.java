package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.Inventory;
import java.util.List;
import java.util.Set;

/**
 * TLS_POLICY_WEAK: a listener (admin API, gateway) allows a protocol below Warden's built-in policy, TLS 1.2 and
 * 1.3 only. The listeners are built with that policy and no setting lowers it today, so this confirms it stays so.
 */
final class TlsPolicyWeak implements Check {
    static final Set<String> BUILT_IN = Set.of("TLSv1.3", "TLSv1.2");

    @Override
    public CheckId id() {
        return CheckId.TLS_POLICY_WEAK;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        List<String> weak = inventory.node().tlsProtocols().stream()
                .filter(p -> !BUILT_IN.contains(p))
                .distinct()
                .toList();
        if (weak.isEmpty()) {
            return List.of();
        }
        return List.of(Findings.of(
                id(),
                context.arn("warden", "node/tls"),
                "PROTOCOL_BELOW_POLICY",
                "A listener allows " + String.join(", ", weak) + " (the built-in policy is TLS 1.2 and 1.3)",
                "Remove the older protocols from the listener's configuration."));
    }
}
