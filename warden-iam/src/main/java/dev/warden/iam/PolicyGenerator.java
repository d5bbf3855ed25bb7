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
        return generateWithSources(principalId, fromNanos, toNanos).document();
    }

    /**
     * A generated policy and what it came from.
     *
     * @param document        the policy (JSON)
     * @param fromNanos       the window asked for (null: from the start of the trail)
     * @param toNanos         ... (null: until now)
     * @param firstEventNanos the oldest event used, or null if none
     * @param lastEventNanos  the newest event used, or null if none
     * @param sources         events used, by audit action (e.g. {@code iot:TrafficSummary}: the gateway's periodic
     *                        per-thing summaries of topics published and filters subscribed)
     * @param truncated       whether a summary said it left topics out (the policy may then lack some)
     */
    public record Generated(
            String document,
            Long fromNanos,
            Long toNanos,
            Long firstEventNanos,
            Long lastEventNanos,
            Map<String, Long> sources,
            boolean truncated) {}

    /**
     * As {@link #generate}, also from the gateway's {@code iot:TrafficSummary} events: each topic a thing published to
     * becomes iot:Publish on it, each filter it subscribed becomes iot:Subscribe on the filter and iot:Receive on the
     * topics it matches ({@code +} and {@code #} become {@code *}).
     */
    public Generated generateWithSources(String principalId, Long fromNanos, Long toNanos) {
        Map<String, TreeSet<String>> observed = new TreeMap<>();
        Map<String, Long> sources = new TreeMap<>();
        long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
        boolean[] truncated = {false};
        forEachAllowed(principalId, fromNanos, toNanos, e -> {
            String action = e.event().action();
            String resource = e.event().resource();
            boolean used = false;
            if (action.equals("iot:TrafficSummary")) {
                used = fromSummary(e.event().details(), observed);
                truncated[0] |= "true".equals(e.event().details().get("topicsTruncated"));
            } else if (resource != null && !action.equals("iot:Disconnect") && !action.equals("iot:SessionTakenOver")) {
                // Disconnects and take-overs describe traffic, not permissions; they name no resource to grant.
                observed.computeIfAbsent(action, k -> new TreeSet<>()).add(escape(resource));
                used = true;
            }
            if (used) {
                sources.merge(action, 1L, Long::sum);
                span[0] = Math.min(span[0], e.event().timeNanos());
                span[1] = Math.max(span[1], e.event().timeNanos());
            }
        });
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        int i = 0;
        for (Map.Entry<String, TreeSet<String>> entry : observed.entrySet()) {
            ObjectNode statement = statements
                    .addObject()
                    .put("Sid", "Observed" + i++)
                    .put("Effect", "Allow")
                    .put("Action", entry.getKey());
            ArrayNode resources = statement.putArray("Resource");
            if (entry.getValue().size() > MAX_RESOURCES_PER_ACTION) {
                resources.add(commonPrefix(entry.getValue()) + "*");
            } else {
                entry.getValue().forEach(resources::add);
            }
        }
        String document = policy.toPrettyString();
        if (!observed.isEmpty()) {
            PolicyParser.parse("generated", document);
        }
        boolean any = span[0] != Long.MAX_VALUE;
        return new Generated(
                document, fromNanos, toNanos, any ? span[0] : null, any ? span[1] : null, sources, truncated[0]);
    }

    /** Adds the topics and filters of one traffic summary; true if it named any. */
    private static boolean fromSummary(Map<String, String> details, Map<String, TreeSet<String>> observed) {
        String prefix = details.get("arnPrefix");
        if (prefix == null) {
            return false;
        }
        boolean any = false;
        for (String topic : list(details.get("published"))) {
            observed.computeIfAbsent("iot:Publish", k -> new TreeSet<>()).add(escape(prefix + "topic/" + topic));
            any = true;
        }
        for (String filter : list(details.get("subscribed"))) {
            observed.computeIfAbsent("iot:Subscribe", k -> new TreeSet<>())
                    .add(escape(prefix + "topicfilter/" + filter));
            String matched = filter;
            if (matched.startsWith("$share/")) {
                int slash = matched.indexOf('/', "$share/".length());
                matched = slash < 0 ? matched : matched.substring(slash + 1);
            }
            observed.computeIfAbsent("iot:Receive", k -> new TreeSet<>()).add(receive(prefix, matched));
            any = true;
        }
        return any;
    }

    /** iot:Receive on the topics a filter matches: its levels escaped, its wildcards as policy wildcards. */
    private static String receive(String prefix, String filter) {
        StringBuilder b = new StringBuilder(escape(prefix + "topic/"));
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            if (i > 0) {
                b.append('/');
            }
            b.append(levels[i].equals("+") || levels[i].equals("#") ? "*" : escape(levels[i]));
        }
        return b.toString();
    }

    private static java.util.List<String> list(String json) {
        if (json == null || json.isBlank()) {
            return java.util.List.of();
        }
        try {
            return java.util.Arrays.asList(JSON.readValue(json, String[].class));
        } catch (java.io.IOException e) {
            return java.util.List.of();
        }
    }

    private static String escape(String resource) {
        return resource.replace("*", "${*}").replace("?", "${?}");
    }

    /** An Allow statement that decided none of the principal's calls in the window. */
    public record UnusedStatement(String policy, String sid, int index, java.util.List<String> actions) {}

    /**
     * The Allow statements of the given policies that decided none of the principal's allowed calls in the window
     * (the audit trail records the deciding statement of every API call): candidates for removal.
     */
    public java.util.List<UnusedStatement> unused(
            String principalId, java.util.List<dev.warden.policy.Policy> policies, Long fromNanos, Long toNanos) {
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
    private void forEachAllowed(
            String principalId, Long fromNanos, Long toNanos, java.util.function.Consumer<ChainedEvent> action) {
        long after = 0;
        while (true) {
            var page = store.query(new AuditQuery(
                    region,
                    principalId,
                    null,
                    null,
                    AuditResult.ALLOW,
                    fromNanos,
                    toNanos,
                    after,
                    AuditQuery.MAX_LIMIT));
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
        // Values are escaped already; do not end inside an escape such as "${*}".
        String prefix = first.substring(0, n);
        int open = prefix.lastIndexOf("${");
        return open >= 0 && prefix.indexOf('}', open) < 0 ? prefix.substring(0, open) : prefix;
    }
}
