package dev.warden.policy;

import java.util.LinkedHashMap;
import java.util.Map;

/** A statement that matched a request: policy name, Sid (nullable), 0-based index in the policy, effect. */
public record MatchedStatement(String policyName, String sid, int index, Effect effect) {

    /** {"policy":..,"sid":..,"index":..,"effect":"Allow"|"Deny"}. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", policyName);
        m.put("sid", sid);
        m.put("index", index);
        m.put("effect", effect.jsonName());
        return m;
    }

    /** {@code 'policy' Sid 'x' (#i)} or {@code 'policy' statement #i}. */
    public String describe() {
        return sid != null
                ? "policy '" + policyName + "' statement '" + sid + "' (#" + index + ")"
                : "policy '" + policyName + "' statement #" + index;
    }
}
