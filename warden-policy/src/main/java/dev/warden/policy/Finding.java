package dev.warden.policy;

/** One least-privilege finding about a policy statement. */
public record Finding(Code code, Severity severity, int statementIndex, String sid, String message) {

    public enum Severity {
        LOW,
        MEDIUM,
        HIGH
    }

    public enum Code {
        /** Allow with action {@code *}. */
        ALLOW_ALL_ACTIONS,
        /** Allow with {@code service:*}. */
        ALLOW_ALL_SERVICE_ACTIONS,
        /** Allow with resource {@code *} (or an ARN whose resource part is {@code *}). */
        ALLOW_ALL_RESOURCES,
        /** Device (iot:) Allow whose client/topic/topicfilter resource is not scoped to the device's own identity. */
        DEVICE_RESOURCE_NOT_SCOPED,
        /** NotAction with Allow: allows everything except the listed actions, including future actions. */
        ALLOW_WITH_NOT_ACTION,
        /** NotResource with Allow: allows every resource except the listed ones. */
        ALLOW_WITH_NOT_RESOURCE,
        /** MQTT wildcard {@code +} or {@code #} in a Deny resource: literal in policies, so the deny is narrower than intended. */
        MQTT_WILDCARD_IN_DENY,
        /** Deny using a policy variable without default: when the key is missing the Deny silently does not apply. */
        DENY_VARIABLE_WITHOUT_DEFAULT
    }
}
