package dev.warden.incident.playbook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.policy.AuthorizationRequest;
import dev.warden.policy.Decision;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyEvaluator;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicySet;
import dev.warden.policy.RequestContext;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The IAM role a playbook runs as: one Allow statement per action its steps use, on the kinds of resource those
 * steps target, and nothing else. The document is what {@code warden playbook show} prints; every step is decided
 * against it by the policy engine before it acts, and anything it does not allow is denied (no policy, no parse,
 * no match: deny).
 */
public final class PlaybookRole {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String name;
    private final String document;
    private final PolicySet policies;

    private PlaybookRole(String name, String document, PolicySet policies) {
        this.name = name;
        this.document = document;
        this.policies = policies;
    }

    /** The role exactly as the playbook's steps need it. */
    public static PlaybookRole derive(Playbook playbook, TargetArns arns) {
        Map<String, Set<String>> resources = new TreeMap<>();
        for (Step s : playbook.steps()) {
            Set<String> r = resources.computeIfAbsent(s.action(), a -> new LinkedHashSet<>());
            if (s.target().kind() == Selector.PRINCIPAL) {
                r.addAll(java.util.List.of(arns.principalPatterns()));
            } else {
                r.add(arns.pattern(s.target()));
            }
        }
        ObjectNode doc = JSON.createObjectNode();
        doc.put("Version", Policy.VERSION_2012);
        ArrayNode statements = doc.putArray("Statement");
        for (Map.Entry<String, Set<String>> e : resources.entrySet()) {
            ObjectNode st = statements.addObject();
            st.put("Sid", sid(e.getKey()));
            st.put("Effect", "Allow");
            st.put("Action", e.getKey());
            ArrayNode res = st.putArray("Resource");
            e.getValue().stream().sorted().forEach(res::add);
        }
        try {
            return of(roleName(playbook.name()), JSON.writeValueAsString(doc));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a role document cannot be written", e);
        }
    }

    /** A role from a document (e.g. a narrower one an operator reviewed); parsed strictly, so it must be valid. */
    public static PlaybookRole of(String name, String document) {
        Policy policy = PolicyParser.parseStrict(name, document).policy();
        return new PlaybookRole(name, document, PolicySet.of(policy));
    }

    public static String roleName(String playbook) {
        return "playbook-" + playbook;
    }

    public String name() {
        return name;
    }

    /** The policy document, as JSON. */
    public String document() {
        return document;
    }

    /** Whether the role may run {@code action} on {@code resourceArn} now. */
    public Decision decide(String action, String resourceArn, Instant now) {
        RequestContext context = RequestContext.builder()
                .put(RequestContext.USERNAME, name)
                .put(RequestContext.MFA_PRESENT, "false")
                .currentTime(now)
                .build();
        // The evaluator never throws: an error is a deny.
        return PolicyEvaluator.evaluate(policies, new AuthorizationRequest(action, resourceArn, context));
    }

    private static String sid(String action) {
        StringBuilder b = new StringBuilder();
        for (String part : action.split("[:]")) {
            b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }
}
