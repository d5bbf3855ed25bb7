package dev.warden.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of an evaluation with its explanation: every statement that matched (identity, then boundary, then
 * session policies, in policy order) and the statement that decided (the first matching Deny for EXPLICIT_DENY, the
 * first matching identity Allow for EXPLICIT_ALLOW, null otherwise).
 */
public record Decision(
        Effect effect,
        DecisionBasis basis,
        List<MatchedStatement> matchedStatements,
        MatchedStatement decidingStatement,
        String explanation) {

    public Decision {
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(basis, "basis");
        matchedStatements = matchedStatements == null ? List.of() : List.copyOf(matchedStatements);
        Objects.requireNonNull(explanation, "explanation");
        if ((effect == Effect.ALLOW) != (basis == DecisionBasis.EXPLICIT_ALLOW)) {
            throw new IllegalArgumentException("effect " + effect + " inconsistent with basis " + basis);
        }
    }

    public boolean allowed() {
        return effect == Effect.ALLOW;
    }

    /**
     * {"decision":"ALLOW"|"DENY","basis":...,"matchedStatements":[{"policy":..,"sid":..,"index":..,"effect":..}],
     * "decidingStatement":{...}|null,"explanation":...}.
     */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decision", effect.name());
        m.put("basis", basis.name());
        List<Map<String, Object>> ms = new ArrayList<>(matchedStatements.size());
        for (MatchedStatement s : matchedStatements) {
            ms.add(s.toJsonMap());
        }
        m.put("matchedStatements", ms);
        m.put("decidingStatement", decidingStatement == null ? null : decidingStatement.toJsonMap());
        m.put("explanation", explanation);
        return m;
    }
}
