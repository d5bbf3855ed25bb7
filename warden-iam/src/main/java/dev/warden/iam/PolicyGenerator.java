package dev.warden.iam;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.audit.AuditQuery;
import dev.warden.audit.AuditResult;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.store.AuditStore;
import dev.warden.policy.PolicyParser;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Least privilege from observed activity, as IAM Access Analyzer's policy generation: the allowed actions a
 * principal actually performed, on the resources it performed them on, read from the audit trail, become one
 * statement per action. The result is validated by the policy parser before it is returned.
 */
public final class PolicyGenerator {
    /** Beyond this many distinct resources for one action, the statement names the common prefix with a wildcard. */
    static final int MAX_RESOURCES_PER_ACTION = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuditStore store;
    private final String region;

    public PolicyGenerator(AuditStore store, String region) {
        this.store = store;
        this.region = region;
    }

    /** A policy document (JSON) covering what {@code principalId} was allowed to do in the window. */
    public String generate(String principalId, Long fromNanos, Long toNanos) {
        Map<String, TreeSet<String>> observed = new TreeMap<>();
        forEachAllowed(principalId, fromNanos, toNanos, e -> {
            String action = e.event().action();
            String resource = e.event().resource();
            // Summaries, disconnects and take-overs describe traffic, not permissions; they name no resource to grant.
            if (resource != null && !action.equals("iot:TrafficSummary") && !action.equals("iot:Disconnect")
                    && !action.equals("iot:SessionTakenOver")) {
                observed.computeIfAbsent(action, k -> new TreeSet<>()).add(resource);
            }
        });
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        int i = 0;
        for (Map.Entry<String, TreeSet<String>> entry : observed.entrySet()) {
            ObjectNode statement = statements.addObject().put("Sid", "Observed" + i++).put("Effect", "Allow")
                    .put("Action", entry.getKey());
            ArrayNode resources = statement.putArray("Resource");
            if (entry.getValue().size() > MAX_RESOURCES_PER_ACTION) {
                resources.add(commonPrefix(entry.getValue()) + "*");
            } else {
                entry.getValue().forEach(r -> resources.add(r.replace("*", "${*}").replace("?", "${?}")));
            }
        }
        String document = policy.toPrettyString();
        if (!observed.isEmpty()) {
            PolicyParser.parse("generated", document);
        }
        return document;
    }

    /** An Allow statement that decided none of the principal's calls in the window. */
    public record UnusedStatement(String policy, String sid, int index, java.util.List<String> actions) {}

    /**
     * The Allow statements of the given policies that decided none of the principal's allowed calls in the window
     * (the audit trail records the deciding statement of every API call): candidates for removal.
     */
    public java.util.List<UnusedStatement> unused(String principalId, java.util.List<dev.warden.policy.Policy> policies,
                                                  Long fromNanos, Long toNanos) {
        java.util.Set<String> used = new java.util.HashSet<>();
        forEachAllowed(principalId, fromNanos, toNanos, e -> {
            if (e.event().decidingStatement() != null) {
                used.add(e.event().decidingStatement());
            }
        });
        java.util.List<UnusedStatement> result = new java.util.ArrayList<>();
        for (dev.warden.policy.Policy policy : policies) {
            for (dev.warden.policy.Statement st : policy.statements()) {
                String id = st.policyName() + (st.sid() != null ? "/" + st.sid() : "#" + st.index());
                if (st.effect() == dev.warden.policy.Effect.ALLOW && !used.contains(id)) {
                    result.add(new UnusedStatement(st.policyName(), st.sid(), st.index(), st.actions()));
                }
            }
        }
        return result;
    }

    /** Every allowed event of the principal in the window, page by page. */
    private void forEachAllowed(String principalId, Long fromNanos, Long toNanos, java.util.function.Consumer<ChainedEvent> action) {
        long after = 0;
        while (true) {
            var page = store.query(new AuditQuery(region, principalId, null, null, AuditResult.ALLOW, fromNanos, toNanos,
                    after, AuditQuery.MAX_LIMIT));
            page.forEach(action);
            if (page.size() < AuditQuery.MAX_LIMIT) {
                return;
            }
            after = page.get(page.size() - 1).seq();
        }
    }

    private static String commonPrefix(TreeSet<String> values) {
        String first = values.first();
        String last = values.last();
        int n = 0;
        while (n < first.length() && n < last.length() && first.charAt(n) == last.charAt(n)) {
            n++;
        }
        return first.substring(0, n).replace("*", "${*}").replace("?", "${?}");
    }
}
