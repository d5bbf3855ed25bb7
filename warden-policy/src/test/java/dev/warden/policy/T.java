package dev.warden.policy;

import java.util.List;

/** Test helpers. */
final class T {
    static final String TOPIC = "arn:warden:iot:eu-west-1:123456789012:topic/devices/dev-1/temp";

    private T() {}

    static Policy policy(String json) {
        return PolicyParser.parse("test", json);
    }

    static Policy policy(String name, String json) {
        return PolicyParser.parse(name, json);
    }

    /** {"Version":"2012-10-17","Statement":[ statements ]}. */
    static Policy statements(String... statements) {
        return policy("{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}");
    }

    /** An Allow iot:Publish on * statement with the given condition block. */
    static Policy allowIf(String condition) {
        return statements(
                "{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"*\",\"Condition\":" + condition + "}");
    }

    /** A Deny iot:Publish on * statement with the given condition, plus an unconditional Allow. */
    static Policy denyIf(String condition) {
        return statements(
                "{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"*\"}",
                "{\"Effect\":\"Deny\",\"Action\":\"iot:Publish\",\"Resource\":\"*\",\"Condition\":" + condition + "}");
    }

    static RequestContext ctx(String... kv) {
        RequestContext.Builder b = RequestContext.builder();
        for (int i = 0; i < kv.length; i += 2) {
            b.put(kv[i], kv[i + 1]);
        }
        return b.build();
    }

    static boolean allowed(Policy p, RequestContext c) {
        return allowed(p, "iot:Publish", TOPIC, c);
    }

    static boolean allowed(Policy p, String action, String resource, RequestContext c) {
        return PolicyEvaluator.evaluate(PolicySet.of(List.of(p)), new AuthorizationRequest(action, resource, c))
                .allowed();
    }

    static Decision decide(PolicySet s, String action, String resource, RequestContext c) {
        return PolicyEvaluator.evaluate(s, new AuthorizationRequest(action, resource, c));
    }
}
